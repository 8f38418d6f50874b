package dev.switchboard.ticket.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import tools.jackson.databind.JsonNode;

/** Agents created by an admin sign in to the console and are who the API says; what is refused, and how. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class SignInTest {

    static final String STATIC_TOKEN = "test-agent-token";
    static final String PASSWORD = "correct horse battery staple";

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    static String unique(String prefix) {
        return prefix + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    }

    /** Creates an agent through the admin API (as the static token, an admin); its JSON. */
    static JsonNode createAgent(int port, String login, String role, String... groups) {
        Browser.Answer created = Browser.withToken(port, STATIC_TOKEN).json("POST", "/api/admin/agents",
                "{\"login\":\"" + login + "\",\"name\":\"Agent " + login + "\",\"password\":\"" + PASSWORD
                        + "\",\"role\":\"" + role + "\",\"groups\":" + Browser.JSON.writeValueAsString(groups) + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    @Test
    void withoutASessionOrTokenTheApiAnswers401JsonAndTheConsoleSendsToTheLoginPage() {
        Browser nobody = Browser.anonymous(port);

        Browser.Answer api = nobody.get("/api/tickets");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.header("Content-Type")).get().asString().startsWith("application/json");
        assertThat(api.header("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(api.json().path("error").asString()).isEqualTo("unauthorized");
        assertThat(api.json().path("message").asString()).isNotBlank();

        Browser.Answer console = nobody.get("/console/");
        assertThat(console.status()).isEqualTo(302);
        assertThat(console.header("Location")).get().asString().endsWith("/console/login");

        assertThat(Browser.withToken(port, "not-a-token").get("/api/me").status()).isEqualTo(401);
        assertThat(Browser.withToken(port, ApiTokens.newToken()).get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void anAgentCreatedByAnAdminSignsInAndIsWhoTheApiSays() {
        String login = unique("alice-");
        JsonNode agent = createAgent(port, login, "agent", "Support", "Sales");
        assertThat(agent.path("role").asString()).isEqualTo("agent");
        assertThat(agent.path("groups").toString()).isEqualTo("[\"Sales\",\"Support\"]");

        Browser browser = Browser.anonymous(port);
        Browser.Answer signedIn = Browser.signIn(browser, login.toUpperCase(), PASSWORD);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).get().asString().endsWith("/console/");
        assertThat(signedIn.response().headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("SWITCHBOARD_SESSION=").contains("HttpOnly")
                        .contains("SameSite=Lax"));

        JsonNode me = browser.get("/api/me").json();
        assertThat(me.path("id").asLong()).isEqualTo(agent.path("id").asLong());
        assertThat(me.path("login").asString()).isEqualTo(login);
        assertThat(me.path("name").asString()).isEqualTo("Agent " + login);
        assertThat(me.path("role").asString()).isEqualTo("agent");
        assertThat(me.path("groups").toString()).isEqualTo("[\"Sales\",\"Support\"]");

        Browser.Answer admin = browser.get("/api/admin/agents");
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.json().path("error").asString()).isEqualTo("forbidden");

        Browser.Answer out = browser.form("/logout", "_csrf", browser.xsrf());
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.header("Location")).get().asString().endsWith("/console/login?logout");
        assertThat(browser.get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void anAdminAgentMayUseTheAdminApiFromTheConsole() {
        String login = unique("root-");
        createAgent(port, login, "admin");
        Browser browser = Browser.anonymous(port);
        Browser.signIn(browser, login, PASSWORD);

        assertThat(browser.get("/api/admin/agents").status()).isEqualTo(200);
        Browser.Answer created = browser.json("POST", "/api/admin/agents", "{\"login\":\"" + unique("bob-")
                + "\",\"name\":\"Bob\",\"role\":\"agent\",\"groups\":[\"Support\"]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    @Test
    void aWrongPasswordOrAnUnknownLoginGoBackToTheLoginPage() {
        String login = unique("carol-");
        createAgent(port, login, "agent");

        Browser browser = Browser.anonymous(port);
        Browser.Answer wrong = Browser.signIn(browser, login, "not the password at all");
        assertThat(wrong.status()).isEqualTo(302);
        assertThat(wrong.header("Location")).get().asString().endsWith("/console/login?error");
        Browser.Answer unknown = Browser.signIn(browser, unique("nobody-"), PASSWORD);
        assertThat(unknown.header("Location")).get().asString().endsWith("/console/login?error");
        assertThat(browser.get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void fiveWrongPasswordsInARowLockTheLoginAndANewPasswordEndsTheLock() {
        String login = unique("dave-");
        long id = createAgent(port, login, "agent").path("id").asLong();
        Browser browser = Browser.anonymous(port);
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(Browser.signIn(browser, login, "wrong password " + attempt).header("Location")).get().asString()
                    .endsWith("/console/login?error");
        }
        assertThat(Browser.signIn(browser, login, "wrong password 5").header("Location")).get().asString()
                .endsWith("/console/login?locked");
        // locked: even the right password is refused, without being checked
        assertThat(Browser.signIn(browser, login, PASSWORD).header("Location")).get().asString()
                .endsWith("/console/login?locked");
        assertThat(browser.get("/api/me").status()).isEqualTo(401);
        Browser admin = Browser.withToken(port, STATIC_TOKEN);
        assertThat(admin.get("/api/admin/agents/" + id).json().path("lockedUntil").isNull()).isFalse();

        Browser.Answer reset = admin.json("PATCH", "/api/admin/agents/" + id, "{\"password\":\"a brand new passphrase\"}");
        assertThat(reset.status()).as(reset.text()).isEqualTo(200);
        assertThat(reset.json().path("lockedUntil").isNull()).isTrue();
        assertThat(Browser.signIn(browser, login, "a brand new passphrase").header("Location")).get().asString()
                .endsWith("/console/");
        assertThat(browser.get("/api/me").json().path("login").asString()).isEqualTo(login);
    }

    @Test
    void aDisabledAgentsSessionEndsAtTheNextRequest() {
        String login = unique("erin-");
        long id = createAgent(port, login, "agent", "Support").path("id").asLong();
        Browser browser = Browser.anonymous(port);
        Browser.signIn(browser, login, PASSWORD);
        assertThat(browser.get("/api/me").status()).isEqualTo(200);

        Browser.Answer disabled = Browser.withToken(port, STATIC_TOKEN).json("PATCH", "/api/admin/agents/" + id,
                "{\"enabled\":false}");
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();

        assertThat(browser.get("/api/me").status()).isEqualTo(401);
        assertThat(Browser.signIn(Browser.anonymous(port), login, PASSWORD).header("Location")).get().asString()
                .endsWith("/console/login?error");
    }

    @Test
    void aChangeOfRoleAppliesToASessionAtOnce() {
        String login = unique("fay-");
        long id = createAgent(port, login, "agent", "Support").path("id").asLong();
        Browser browser = Browser.anonymous(port);
        Browser.signIn(browser, login, PASSWORD);
        assertThat(browser.get("/api/admin/agents").status()).isEqualTo(403);

        Browser.withToken(port, STATIC_TOKEN).json("PATCH", "/api/admin/agents/" + id, "{\"role\":\"admin\"}");

        assertThat(browser.get("/api/admin/agents").status()).isEqualTo(200);
        assertThat(browser.get("/api/me").json().path("role").asString()).isEqualTo("admin");
    }

    @Test
    void theAdminApiRefusesAnAgentItCannotStoreWithEveryFieldAtFault() {
        Browser admin = Browser.withToken(port, STATIC_TOKEN);
        Browser.Answer refused = admin.json("POST", "/api/admin/agents",
                "{\"login\":\"-bad login\",\"name\":\"\",\"password\":\"short\",\"role\":\"boss\",\"groups\":[\"\"]}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("error").asString()).isEqualTo("invalid_agent");
        List<String> fields = new ArrayList<>();
        refused.json().path("details").forEach(detail -> fields.add(detail.path("field").asString()));
        assertThat(fields)
                .containsExactlyInAnyOrder("login", "name", "password", "role", "groups[0]");

        String login = unique("gus-");
        createAgent(port, login, "agent");
        Browser.Answer taken = admin.json("POST", "/api/admin/agents",
                "{\"login\":\"" + login.toUpperCase() + "\",\"name\":\"Gus\",\"role\":\"agent\"}");
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.json().path("details").get(0).path("problem").asString()).contains("taken");
        assertThat(admin.get("/api/admin/agents/987654321").status()).isEqualTo(404);
    }

    @Test
    void theSessionLivesInPostgresqlSoThatAnyReplicaServesIt() {
        String login = unique("olga-");
        createAgent(port, login, "agent");
        Browser browser = Browser.anonymous(port);
        Browser.signIn(browser, login, PASSWORD);
        assertThat(browser.get("/api/me").status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?").param(login)
                .query(Long.class).single()).isEqualTo(1);

        jdbc.sql("delete from spring_session where principal_name = ?").param(login).update();

        assertThat(browser.get("/api/me").status()).isEqualTo(401);
    }
}
