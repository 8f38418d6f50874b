package dev.switchboard.ticket.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Login attempts per client address: the 31st of a minute is answered 429, other addresses and requests go on. */
class LoginRateLimitTest {

    private final LoginRateLimit limit = new LoginRateLimit(30);

    @Test
    void theThirtyFirstAttemptOfAMinuteFromOneAddressIs429() throws Exception {
        for (int attempt = 1; attempt <= 30; attempt++) {
            assertThat(attempt("203.0.113.7").getStatus()).as("attempt %d", attempt).isEqualTo(200);
        }
        MockHttpServletResponse refused = attempt("203.0.113.7");
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("60");
        assertThat(refused.getContentType()).startsWith("application/json");
        assertThat(refused.getContentAsString()).contains("\"error\":\"too_many_attempts\"");

        assertThat(attempt("198.51.100.1").getStatus()).isEqualTo(200);
        MockHttpServletRequest page = new MockHttpServletRequest("GET", "/api/me");
        page.setRemoteAddr("203.0.113.7");
        MockHttpServletResponse other = new MockHttpServletResponse();
        limit.doFilter(page, other, new MockFilterChain());
        assertThat(other.getStatus()).isEqualTo(200);
    }

    private MockHttpServletResponse attempt(String address) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
        request.setRemoteAddr(address);
        request.setParameter("username", "alice");
        MockHttpServletResponse response = new MockHttpServletResponse();
        limit.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
