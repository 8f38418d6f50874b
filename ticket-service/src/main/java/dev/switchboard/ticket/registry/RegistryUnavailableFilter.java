package dev.switchboard.ticket.registry;

import java.io.IOException;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/admin/channels/**} answers 503 while the registry cannot work (no channel key). A servlet filter after
 * Spring Security's: only admins learn that.
 */
@Component
class RegistryUnavailableFilter extends OncePerRequestFilter {

    private final AdminAccess access;

    RegistryUnavailableFilter(AdminAccess access) {
        this.access = access;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/api/admin/channels") || path.startsWith("/api/admin/channels/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (access.unavailable().isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"registry_unavailable\",\"message\":\""
                + access.unavailable().get() + "\"}");
    }
}
