package dev.switchboard.ticket.access;

import static dev.switchboard.ticket.access.SignInTest.PASSWORD;
import static dev.switchboard.ticket.access.SignInTest.STATIC_TOKEN;
import static dev.switchboard.ticket.access.SignInTest.createAgent;
import static dev.switchboard.ticket.access.SignInTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import tools.jackson.databind.JsonNode;

/** Per-agent API tokens: shown once, kept as a hash, acting as their agent until revoked, expired or disabled. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class AgentTokensTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAgentsTokenActsAsTheAgentUntilRevokedAndOnlyItsHashIsKept() {
        String login = unique("hana-");
        createAgent(port, login, "agent", "Support");
        Browser console = Browser.anonymous(port);
        Browser.signIn(console, login, PASSWORD);

        Browser.Answer issued = console.json("POST", "/api/me/tokens", "{\"name\":\"CRM sync\"}");
        assertThat(issued.status()).as(issued.text()).isEqualTo(201);
        String token = issued.json().path("token").asString();
        assertThat(token).matches("sbt_[A-Za-z0-9_-]{43}");
        assertThat(issued.json().path("name").asString()).isEqualTo("CRM sync");
        long tokenId = issued.json().path("id").asLong();
        byte[] stored = jdbc.sql("select token_sha256 from agent_token where id = ?").param(tokenId)
                .query(byte[].class).single();
        assertThat(stored).isEqualTo(ApiTokens.sha256(token));

        Browser integration = Browser.withToken(port, token);
        JsonNode me = integration.get("/api/me").json();
        assertThat(me.path("login").asString()).isEqualTo(login);
        assertThat(me.path("role").asString()).isEqualTo("agent");
        assertThat(integration.get("/api/admin/agents").status()).isEqualTo(403);
        assertThat(integration.get("/api/billing").status()).as("billing is for admins").isEqualTo(403);
        assertThat(jdbc.sql("select last_used_at from agent_token where id = ?").param(tokenId).query(Instant.class)
                .optional()).isPresent();

        Browser.Answer listed = console.get("/api/me/tokens");
        assertThat(listed.json().path("items").get(0).path("id").asLong()).isEqualTo(tokenId);
        assertThat(listed.text()).doesNotContain(token);

        assertThat(console.json("DELETE", "/api/me/tokens/" + tokenId, null).status()).isEqualTo(204);
        assertThat(integration.get("/api/me").status()).isEqualTo(401);
        assertThat(console.json("DELETE", "/api/me/tokens/" + tokenId + "000", null).status()).isEqualTo(404);
    }

    @Test
    void anAdminIssuesATokenForAnAgentWhichStopsWorkingWhenTheAgentIsDisabledOrItExpires() {
        String login = unique("ivan-");
        long id = createAgent(port, login, "agent", "Support").path("id").asLong();
        Browser admin = Browser.withToken(port, STATIC_TOKEN);

        Browser.Answer issued = admin.json("POST", "/api/admin/agents/" + id + "/tokens",
                "{\"name\":\"helpdesk bridge\",\"expiresAt\":\"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}");
        assertThat(issued.status()).as(issued.text()).isEqualTo(201);
        Browser integration = Browser.withToken(port, issued.json().path("token").asString());
        assertThat(integration.get("/api/me").json().path("login").asString()).isEqualTo(login);

        admin.json("PATCH", "/api/admin/agents/" + id, "{\"enabled\":false}");
        assertThat(integration.get("/api/me").status()).isEqualTo(401);
        admin.json("PATCH", "/api/admin/agents/" + id, "{\"enabled\":true}");
        assertThat(integration.get("/api/me").status()).isEqualTo(200);

        jdbc.sql("update agent_token set expires_at = now() - interval '1 second' where id = ?")
                .param(issued.json().path("id").asLong()).update();
        assertThat(integration.get("/api/me").status()).isEqualTo(401);

        Browser.Answer past = admin.json("POST", "/api/admin/agents/" + id + "/tokens",
                "{\"name\":\"old\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.json().path("error").asString()).isEqualTo("invalid_token");
    }

    @Test
    void staticTokensHaveNoTokensOfTheirOwn() {
        Browser.Answer refused = Browser.withToken(port, STATIC_TOKEN).json("POST", "/api/me/tokens", "{\"name\":\"x\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").asString()).isEqualTo("forbidden");
    }
}
