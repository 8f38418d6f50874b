package dev.switchboard.ticket.registry;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/admin/**} needs {@code Authorization: Bearer <admin token>}: 401 without a known token, 403 for an agent
 * token, 503 while the registry cannot work (no channel key). The agent API's filter leaves these paths alone.
 */
@Component
class AdminTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AdminTokenFilter.class);

    private final AdminAccess access;

    AdminTokenFilter(AdminAccess access) {
        this.access = access;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(AdminChannelsController.ADMIN_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (access.unavailable().isPresent()) {
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "registry_unavailable", access.unavailable().get());
            return;
        }
        switch (access.caller(request.getHeader("Authorization"))) {
            case ADMIN -> chain.doFilter(request, response);
            case AGENT -> {
                log.warn("admin API request refused: an agent token from {}", request.getRemoteAddr());
                refuse(response, HttpServletResponse.SC_FORBIDDEN, "forbidden",
                        "agent tokens are not accepted by the admin API: use an admin token (SWITCHBOARD_ADMIN_TOKEN)");
            }
            case NOBODY -> {
                log.warn("admin API request refused: {} bearer token from {}",
                        request.getHeader("Authorization") == null ? "no" : "wrong", request.getRemoteAddr());
                response.setHeader("WWW-Authenticate", "Bearer");
                refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "an admin bearer token is required");
            }
        }
    }

    private static void refuse(HttpServletResponse response, int status, String error, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }
}
