package dev.switchboard.ticket.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.Callers;
import dev.switchboard.ticket.channel.TicketSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /api/**} needs {@code Authorization: Bearer <agent API token>}; 401 without it. A few lines, no framework. */
@Component
class BearerTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);

    private final byte[] expected;

    BearerTokenFilter(TicketSettings settings) {
        this.expected = ("Bearer " + settings.agentApiToken()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The admin API has tokens of its own (registry.AdminTokenFilter): an admin token is not an agent token.
        return !request.getRequestURI().startsWith("/api/") || request.getRequestURI().startsWith("/api/admin/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
            log.warn("agent API request refused: {} bearer token from {}", header == null ? "no" : "wrong",
                    request.getRemoteAddr());
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer");
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"unauthorized\"}");
            return;
        }
        // Until agents exist the static token is the only caller: an operator's token, with every group.
        request.setAttribute(Callers.ATTRIBUTE, Caller.staticToken("api"));
        chain.doFilter(request, response);
    }
}
