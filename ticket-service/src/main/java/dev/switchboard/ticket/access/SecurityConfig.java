package dev.switchboard.ticket.access;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may call what (README "Agents, sign-in and tokens"). Ways in: the console's session (form login at
 * {@code POST /login}, CSRF-protected), a bearer token (static or per-agent, {@link ApiTokens}), optionally a bearer
 * JWT of the configured OpenID provider ({@link OidcSignOn}). Public: the login page and its assets, the login itself, health, info and
 * metrics; {@code /api/admin/**} needs an admin. Unauthenticated: 401 JSON for the API, a redirect to the login page
 * for the console.
 */
@Configuration
@EnableWebSecurity
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    /** What anyone may reach without signing in; everything else needs a caller. */
    static final String[] PUBLIC_CONSOLE = {"/console/login", "/console/login.css", "/console/login.js",
            "/console/favicon.svg"};
    static final String[] PUBLIC_ACTUATOR = {"/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder("argon2", Map.of(
                "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
    }

    @Bean
    SignIn signIn(AgentAccounts accounts, ConsoleSettings settings, Clock clock) {
        return new SignIn(accounts, settings.login(), clock);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http, SignIn signIn, ApiTokens tokens, AgentAccounts accounts,
                                 ConsoleSettings settings) throws Exception {
        AuthenticationEntryPoint entryPoint = SecurityConfig::unauthenticated;
        AuthenticationManager byToken = new ProviderManager(new TokenAuthenticationProvider(tokens));
        OidcSignOn oidc = settings.oidc().enabled() ? new OidcSignOn(settings.oidc()) : null;
        AuthenticationManagerResolver<HttpServletRequest> bearer = request -> {
            String header = request.getHeader("Authorization");
            boolean jwt = header != null && OidcSignOn.isJwt(header);
            return oidc != null && jwt ? oidc.manager() : byToken;
        };

        CookieCsrfTokenRepository csrfCookies = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfCookies.setCookieCustomizer(cookie -> cookie.secure(settings.secureCookie()).sameSite("Lax"));

        http
                .authorizeHttpRequests(requests -> requests
                        // the error page and the rest of a response of a request that was already let in
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(HttpMethod.GET, PUBLIC_CONSOLE).permitAll()
                        .requestMatchers(HttpMethod.POST, "/login").permitAll()
                        .requestMatchers(HttpMethod.GET, PUBLIC_ACTUATOR).permitAll()
                        // an actuator path that is no exposed endpoint is 404 for anyone (ServiceProbesContract);
                        // an exposed endpoint not listed above needs a caller
                        .requestMatchers(new AndRequestMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"),
                                new NegatedRequestMatcher(EndpointRequest.toAnyEndpoint()))).permitAll()
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage("/console/login")
                        .loginProcessingUrl("/login")
                        .successHandler(signIn)
                        .failureHandler(signIn))
                .userDetailsService(signIn)
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/console/login?logout"))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(bearer)
                        .authenticationEntryPoint(entryPoint))
                // A request that carries a bearer token has no ambient credential: the resource server exempts it.
                // The token travels only in the XSRF-TOKEN cookie (pages are static, no page renders it), so it is
                // accepted as it is both in the X-XSRF-TOKEN header and in the login form's _csrf field.
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookies)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(SecurityConfig::denied))
                .addFilterAfter(new CsrfCookie(), CsrfFilter.class)
                .addFilterBefore(new LoginRateLimit(settings.login().attemptsPerMinute()),
                        UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new CallerFilter(accounts, oidc == null ? SingleSignOn.NONE : oidc),
                        AuthorizationFilter.class);
        return http.build();
    }

    /** No caller: the console's pages send to the login page, everything else answers 401. */
    private static void unauthenticated(HttpServletRequest request, HttpServletResponse response,
                                        org.springframework.security.core.AuthenticationException exception)
            throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/console") || path.startsWith("/console/")) {
            response.sendRedirect(request.getContextPath() + "/console/login");
            return;
        }
        log.warn("request refused: {} {} from {}: {}", request.getMethod(), path, request.getRemoteAddr(),
                request.getHeader("Authorization") == null ? "no session or token" : "unknown or expired token");
        response.setHeader("WWW-Authenticate", "Bearer");
        Refusals.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized",
                "Sign in, or send a valid bearer token.");
    }

    private static void denied(HttpServletRequest request, HttpServletResponse response,
                               org.springframework.security.access.AccessDeniedException exception) throws IOException {
        boolean csrf = exception instanceof CsrfException;
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (csrf && (authentication == null || authentication instanceof AnonymousAuthenticationToken)) {
            // no session and no token: the CSRF check runs first, but the answer is that nobody is signed in
            unauthenticated(request, response, null);
            return;
        }
        log.warn("request refused: {} {} from {} ({}): {}", request.getMethod(), request.getRequestURI(),
                request.getRemoteAddr(), request.getUserPrincipal() == null ? "?" : request.getUserPrincipal().getName(),
                csrf ? "missing or wrong CSRF token" : "not an admin");
        Refusals.write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", csrf
                ? "This request needs the X-XSRF-TOKEN header (the XSRF-TOKEN cookie's value)."
                : "Only admins may do this.");
    }

    /**
     * Loads the deferred CSRF token, so that every page served (the login page first) sets the {@code XSRF-TOKEN}
     * cookie the console's scripts send back.
     */
    private static final class CsrfCookie extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getHeader("Authorization") == null
                    && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }

    /** A bearer token that is not a JWT: a static or per-agent API token. */
    private record TokenAuthenticationProvider(ApiTokens tokens)
            implements org.springframework.security.authentication.AuthenticationProvider {

        @Override
        public org.springframework.security.core.Authentication authenticate(
                org.springframework.security.core.Authentication authentication) {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            return tokens.caller(token).map(CallerAuthentication::new)
                    .orElseThrow(() -> new InvalidBearerTokenException("unknown, revoked or expired token"));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
