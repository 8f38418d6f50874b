package dev.switchboard.ticket.registry;

import dev.switchboard.events.ProviderError;

/**
 * Meta, Twilio or 360dialog refused a step of onboarding or of a health check (422), or could not be reached (502):
 * with the provider's own code and message and what the admin should do. Never carries a secret.
 *
 * @see Provider
 */
public final class ProviderRefused extends RuntimeException {

    private final boolean unreachable;
    private final String provider;
    private final String step;
    private final Integer code;
    private final Integer subcode;
    private final String providerMessage;
    private final String action;

    ProviderRefused(boolean unreachable, String provider, String step, Integer code, Integer subcode,
                    String providerMessage, String action) {
        super(provider + " refused " + step + (code == null ? "" : " (" + code + ")") + ": " + providerMessage, null,
                false, false);
        this.unreachable = unreachable;
        this.provider = provider;
        this.step = step;
        this.code = code;
        this.subcode = subcode;
        this.providerMessage = providerMessage;
        this.action = action;
    }

    static ProviderRefused refused(String provider, String step, Integer code, Integer subcode, String message,
                                   String action) {
        return new ProviderRefused(false, provider, step, code, subcode, message, action);
    }

    static ProviderRefused unreachable(String provider, String step, String message, String action) {
        return new ProviderRefused(true, provider, step, null, null, message, action);
    }

    /** 502: the provider did not answer, or answered with a server error. */
    public boolean unreachable() {
        return unreachable;
    }

    public String provider() {
        return provider;
    }

    public String step() {
        return step;
    }

    public Integer code() {
        return code;
    }

    public Integer subcode() {
        return subcode;
    }

    public String providerMessage() {
        return providerMessage;
    }

    public String action() {
        return action;
    }

    /** Whether the provider refused the credentials themselves (a token, an auth token, an API key). */
    boolean credentialsRefused() {
        if (unreachable) {
            return false;
        }
        if ("validate_token".equals(step) || "check_permissions".equals(step)) {
            return true;
        }
        return code != null && java.util.Set.of(190, 102, 463, 467, 20003, 401, 403).contains(code);
    }

    /** As it shows on a channel's health. */
    ProviderError asError() {
        return ProviderError.newBuilder().setCode(code == null ? 0 : code).setSubcode(subcode)
                .setTitle(provider + " " + step).setMessage(providerMessage).build();
    }
}
