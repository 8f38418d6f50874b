package dev.switchboard.ticket.access;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The caller of the current request, as authentication left it. Controllers read it here and pass it on
 * explicitly, so that the rules below them (visibility, authorship) are plain parameters that tests can set.
 */
public final class Callers {

    /** The request attribute authentication stores the {@link Caller} in. */
    public static final String ATTRIBUTE = Caller.class.getName();

    private Callers() {
    }

    /** The current request's caller; an {@link IllegalStateException} outside an authenticated request. */
    public static Caller current() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object caller = request == null ? null : request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (caller instanceof Caller c) {
            return c;
        }
        throw new IllegalStateException("no authenticated caller on this request: authentication must run first");
    }
}
