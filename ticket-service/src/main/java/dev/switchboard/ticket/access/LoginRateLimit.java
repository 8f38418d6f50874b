package dev.switchboard.ticket.access;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * At most {@code attemptsPerMinute} login attempts ({@code POST /login}) per client address a minute; more: 429
 * {@code too_many_attempts}. In memory, per replica (the per-login lockout in the agent row is the shared defence).
 * Behind a proxy, set {@code server.forward-headers-strategy} so that the address is the client's.
 */
final class LoginRateLimit extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(LoginRateLimit.class);
    /** Addresses remembered at most; past it the map starts again (an attacker with that many addresses is not slowed by a per-address limit anyway). */
    private static final int MAX_ADDRESSES = 10_000;

    private final RateLimiterConfig config;
    private final Map<String, RateLimiter> byAddress = new ConcurrentHashMap<>();

    LoginRateLimit(int attemptsPerMinute) {
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(attemptsPerMinute)
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod())
                && request.getRequestURI().equals(request.getContextPath() + "/login"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        if (byAddress.size() >= MAX_ADDRESSES && !byAddress.containsKey(address)) {
            byAddress.clear();
        }
        RateLimiter limiter = byAddress.computeIfAbsent(address, a -> RateLimiter.of("login-" + a, config));
        if (!limiter.acquirePermission()) {
            log.warn("console sign-in refused: login '{}' from {}: too many attempts from this address",
                    String.valueOf(request.getParameter("username")).replaceAll("[^\\x20-\\x7e]", "?"), address);
            response.setHeader("Retry-After", "60");
            Refusals.write(response, 429, "too_many_attempts",
                    "Too many sign-in attempts from this address: wait a minute.");
            return;
        }
        chain.doFilter(request, response);
    }
}
