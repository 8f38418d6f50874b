package dev.switchboard.ticket.access;

import java.util.Locale;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Single sign-on (optional): a bearer JWT of the configured OpenID provider, validated as an OAuth 2 resource server
 * does (signature by the provider's keys, expiry, issuer); its {@code loginClaim} names an enabled agent, who is the
 * caller. A JWT naming nobody is refused like an unknown token.
 */
final class OidcSignOn implements SingleSignOn {

    private final String loginClaim;
    private final AuthenticationManager manager;

    OidcSignOn(ConsoleSettings.Oidc settings) {
        this.loginClaim = settings.loginClaim();
        JwtDecoder decoder;
        if (settings.jwkSetUri() != null) {
            NimbusJwtDecoder byKeys = NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
            byKeys.setJwtValidator(settings.issuerUri() == null ? JwtValidators.createDefault()
                    : JwtValidators.createDefaultWithIssuer(settings.issuerUri()));
            decoder = byKeys;
        } else {
            // the provider's keys are found from its discovery document, at the first JWT (not at start)
            decoder = NimbusJwtDecoder.withIssuerLocation(settings.issuerUri()).build();
        }
        this.manager = new ProviderManager(new JwtAuthenticationProvider(decoder));
    }

    /** Whether a bearer token is a JWT (three dot-separated parts) rather than an API token. */
    static boolean isJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    AuthenticationManager manager() {
        return manager;
    }

    @Override
    public Optional<String> login(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken jwt) {
            return Optional.ofNullable(jwt.getToken().getClaimAsString(loginClaim))
                    .map(login -> login.trim().toLowerCase(Locale.ROOT));
        }
        return Optional.empty();
    }
}
