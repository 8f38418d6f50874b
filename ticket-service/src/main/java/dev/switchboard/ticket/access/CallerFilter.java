package dev.switchboard.ticket.access;

import java.io.IOException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Runs after every way in and before authorization: turns who authenticated into the request's {@link Caller}
 * ({@link Callers#ATTRIBUTE}). A session's agent is read again on every request, so a change of role or groups applies
 * at once and a disabled agent's session ends; authorization then sees the current role.
 */
final class CallerFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CallerFilter.class);

    private final AgentAccounts accounts;
    private final SingleSignOn singleSignOn;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    CallerFilter(AgentAccounts accounts, SingleSignOn singleSignOn) {
        this.accounts = accounts;
        this.singleSignOn = singleSignOn;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = contexts.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller;
        if (authentication instanceof CallerAuthentication known) {
            caller = Optional.of(known.getPrincipal());
        } else if (authentication instanceof UsernamePasswordAuthenticationToken) {
            caller = accounts.caller(authentication.getName());
        } else {
            caller = singleSignOn.login(authentication).flatMap(accounts::caller);
        }
        SecurityContext context = contexts.createEmptyContext();
        if (caller.isEmpty()) {
            log.warn("request refused: {} is no longer an enabled agent (from {})", authentication.getName(),
                    request.getRemoteAddr());
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        } else {
            request.setAttribute(Callers.ATTRIBUTE, caller.get());
            context.setAuthentication(new CallerAuthentication(caller.get()));
        }
        // for this request only: nothing saves it, the session keeps what the sign-in stored
        contexts.setContext(context);
        chain.doFilter(request, response);
    }
}
