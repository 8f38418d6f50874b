package dev.switchboard.ticket.access;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How agents sign in ({@code switchboard.console.*}, README "Agents, sign-in and tokens").
 *
 * @param secureCookie   the session and XSRF-TOKEN cookies only over HTTPS ({@code SWITCHBOARD_CONSOLE_SECURE_COOKIE})
 * @param login          brute-force protection of the login form
 * @param bootstrapAdmin {@code login:password} of the admin created at start while no agent exists
 *                       ({@code SWITCHBOARD_BOOTSTRAP_ADMIN}); null: none
 * @param oidc           optional single sign-on (a bearer JWT naming an agent)
 */
@ConfigurationProperties("switchboard.console")
public record ConsoleSettings(@DefaultValue("false") boolean secureCookie,
                              @DefaultValue Login login,
                              String bootstrapAdmin,
                              @DefaultValue Oidc oidc) {

    /** What an agent's login may be: lower-case letters, digits and {@code . _ @ -}, 1 to 64 of them. */
    public static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    /** NIST SP 800-63B: length, no composition rules. */
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 128;

    public ConsoleSettings {
        bootstrapAdmin = bootstrapAdmin == null || bootstrapAdmin.isBlank() ? null : bootstrapAdmin.trim();
        if (bootstrapAdmin != null) {
            int colon = bootstrapAdmin.indexOf(':');
            String admin = colon < 0 ? "" : bootstrapAdmin.substring(0, colon).toLowerCase(Locale.ROOT);
            int length = colon < 0 ? 0 : bootstrapAdmin.substring(colon + 1).codePointCount(0,
                    bootstrapAdmin.length() - colon - 1);
            if (!LOGIN.matcher(admin).matches() || length < MIN_PASSWORD || length > MAX_PASSWORD) {
                throw new IllegalArgumentException("switchboard.console.bootstrap-admin (SWITCHBOARD_BOOTSTRAP_ADMIN) must"
                        + " be login:password, the login of lower-case letters, digits and . _ @ - (at most 64), the"
                        + " password " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
            }
        }
    }

    /** The bootstrap admin's login, if one is configured. */
    public String bootstrapLogin() {
        return bootstrapAdmin == null ? null
                : bootstrapAdmin.substring(0, bootstrapAdmin.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    /** The bootstrap admin's password, if one is configured. */
    public String bootstrapPassword() {
        return bootstrapAdmin == null ? null : bootstrapAdmin.substring(bootstrapAdmin.indexOf(':') + 1);
    }

    @Override
    public String toString() {
        return "ConsoleSettings[secureCookie=" + secureCookie + ", login=" + login + ", bootstrapAdmin="
                + (bootstrapAdmin == null ? "none" : bootstrapLogin() + ":******") + ", oidc=" + oidc + "]";
    }

    /**
     * @param maxFailures       failed logins in a row after which the login is locked
     * @param lockout           for how long
     * @param attemptsPerMinute login attempts one client address may make per minute (more: 429)
     */
    public record Login(@DefaultValue("5") int maxFailures,
                        @DefaultValue("15m") Duration lockout,
                        @DefaultValue("30") int attemptsPerMinute) {

        public Login {
            if (maxFailures < 1 || attemptsPerMinute < 1) {
                throw new IllegalArgumentException("switchboard.console.login.max-failures and .attempts-per-minute"
                        + " must be at least 1");
            }
            if (lockout.isNegative() || lockout.isZero()) {
                throw new IllegalArgumentException("switchboard.console.login.lockout must be positive, not " + lockout);
            }
        }
    }

    /**
     * @param issuerUri  the OpenID provider ({@code SWITCHBOARD_OIDC_ISSUER_URI}); or
     * @param jwkSetUri  only its keys ({@code SWITCHBOARD_OIDC_JWK_SET_URI})
     * @param loginClaim the claim naming the agent's login
     */
    public record Oidc(String issuerUri, String jwkSetUri, @DefaultValue("preferred_username") String loginClaim) {

        public Oidc {
            issuerUri = issuerUri == null || issuerUri.isBlank() ? null : issuerUri.trim();
            jwkSetUri = jwkSetUri == null || jwkSetUri.isBlank() ? null : jwkSetUri.trim();
        }

        public boolean enabled() {
            return issuerUri != null || jwkSetUri != null;
        }
    }
}
