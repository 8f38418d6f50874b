package dev.switchboard.ticket.access;

import static dev.switchboard.ticket.access.SignInTest.PASSWORD;
import static dev.switchboard.ticket.access.SignInTest.STATIC_TOKEN;
import static dev.switchboard.ticket.access.SignInTest.createAgent;
import static dev.switchboard.ticket.access.SignInTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/**
 * A cookie session is an ambient credential: every state-changing request of a session needs the CSRF token (the
 * XSRF-TOKEN cookie's value, sent back as X-XSRF-TOKEN), which another site cannot read. A bearer request needs none.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class CsrfTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void aSessionsRequestWithoutTheTokenIsRefusedAndWithItCarriedOut() {
        String login = unique("root-");
        createAgent(port, login, "admin");
        Browser browser = Browser.anonymous(port);
        Browser.signIn(browser, login, PASSWORD);
        String body = "{\"login\":\"" + unique("jane-") + "\",\"name\":\"Jane\",\"role\":\"agent\"}";

        Browser.Answer without = browser.json("POST", "/api/admin/agents", body, false);
        assertThat(without.status()).isEqualTo(403);
        assertThat(without.json().path("error").asString()).isEqualTo("forbidden");
        assertThat(without.json().path("message").asString()).contains("X-XSRF-TOKEN");

        Browser.Answer forged = browser.send(browser.request("/api/admin/agents")
                .header("Content-Type", "application/json").header("X-XSRF-TOKEN", "forged-" + browser.xsrf())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
        assertThat(forged.status()).isEqualTo(403);

        assertThat(browser.json("POST", "/api/admin/agents", body, true).status()).isEqualTo(201);
        // logging out is a state change too
        assertThat(browser.form("/logout").status()).isEqualTo(403);
        assertThat(browser.get("/api/me").status()).isEqualTo(200);
    }

    @Test
    void theLoginFormNeedsTheTokenToo() {
        String login = unique("kim-");
        createAgent(port, login, "agent");
        Browser browser = Browser.anonymous(port);
        browser.get("/console/login");
        assertThat(browser.form("/login", "username", login, "password", PASSWORD).status()).isEqualTo(401);
        assertThat(browser.get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void everyPageSetsTheXsrfCookieForTheConsolesScripts() {
        Browser browser = Browser.anonymous(port);
        var answer = browser.get("/console/login");
        assertThat(answer.response().headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("XSRF-TOKEN=").doesNotContain("HttpOnly")
                        .contains("SameSite=Lax"));
    }

    @Test
    void aBearerRequestNeedsNoCsrfToken() {
        Browser.Answer created = Browser.withToken(port, STATIC_TOKEN).json("POST", "/api/admin/agents",
                "{\"login\":\"" + unique("lee-") + "\",\"name\":\"Lee\",\"role\":\"agent\"}", false);
        assertThat(created.status()).isEqualTo(201);
    }
}
