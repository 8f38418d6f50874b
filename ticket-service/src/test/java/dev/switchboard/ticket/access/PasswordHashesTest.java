package dev.switchboard.ticket.access;

import static dev.switchboard.ticket.access.SignInTest.PASSWORD;
import static dev.switchboard.ticket.access.SignInTest.STATIC_TOKEN;
import static dev.switchboard.ticket.access.SignInTest.createAgent;
import static dev.switchboard.ticket.access.SignInTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/** Passwords are stored as Argon2 hashes, and no answer of any agent endpoint carries a password or a hash. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class PasswordHashesTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void noAgentEndpointAnswersAPasswordOrItsHash() {
        String login = unique("mia-");
        List<Browser.Answer> answers = new ArrayList<>();
        long id = createAgent(port, login, "admin", "Support").path("id").asLong();
        String hash = jdbc.sql("select password_hash from agent where id = ?").param(id).query(String.class).single();
        assertThat(hash).startsWith("{argon2}$argon2id$");

        Browser admin = Browser.withToken(port, STATIC_TOKEN);
        answers.add(admin.json("POST", "/api/admin/agents", "{\"login\":\"" + unique("ned-")
                + "\",\"name\":\"Ned\",\"password\":\"" + PASSWORD + "\",\"role\":\"agent\",\"groups\":[\"Support\"]}"));
        answers.add(admin.get("/api/admin/agents"));
        answers.add(admin.get("/api/admin/agents/" + id));
        answers.add(admin.json("PATCH", "/api/admin/agents/" + id, "{\"password\":\"" + PASSWORD + "!\"}"));
        answers.add(admin.json("PATCH", "/api/admin/agents/" + id, "{\"password\":\"short\"}"));
        answers.add(admin.get("/api/admin/groups"));
        Browser console = Browser.anonymous(port);
        Browser.signIn(console, login, PASSWORD + "!");
        answers.add(console.get("/api/me"));
        answers.add(console.get("/api/agents"));
        answers.add(console.get("/api/agents?group=Support"));
        answers.add(console.json("POST", "/api/me/tokens", "{\"name\":\"scan\"}"));
        answers.add(console.get("/api/me/tokens"));
        answers.add(console.json("POST", "/api/admin/agents/" + id + "/tokens", "{\"name\":\"scan 2\"}"));

        List<String> hashes = jdbc.sql("select password_hash from agent where password_hash is not null")
                .query(String.class).list();
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.text()).isLessThan(500);
            assertThat(answer.text().toLowerCase()).doesNotContain("password_hash", "passwordhash", "argon2", "bcrypt",
                    PASSWORD.toLowerCase());
            // the word itself only where a request's password field is named as the one at fault
            assertThat(answer.text().replace("\"field\":\"password\"", "")).doesNotContainIgnoringCase("password");
            hashes.forEach(stored -> assertThat(answer.text()).doesNotContain(stored.substring(stored.lastIndexOf('$') + 1)));
        });
        assertThat(answers.get(4).status()).isEqualTo(422);
    }
}
