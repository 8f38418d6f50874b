package dev.switchboard.ticket.access;

import static dev.switchboard.ticket.access.SignInTest.PASSWORD;
import static dev.switchboard.ticket.access.SignInTest.STATIC_TOKEN;
import static dev.switchboard.ticket.access.SignInTest.createAgent;
import static dev.switchboard.ticket.access.SignInTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import tools.jackson.databind.JsonNode;

/** Who an agent may assign to (their groups' agents), and the groups admins see. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class DirectoryTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void anAgentMayAssignToTheEnabledAgentsOfTheirGroupsAndAnAdminToAnyone() {
        String team = unique("Team-");
        String other = unique("Other-");
        String login = unique("pat-");
        createAgent(port, login, "agent", team);
        String colleague = unique("quinn-");
        createAgent(port, colleague, "agent", team, other);
        String stranger = unique("rob-");
        createAgent(port, stranger, "agent", other);
        String away = unique("sam-");
        long awayId = createAgent(port, away, "agent", team).path("id").asLong();
        Browser.withToken(port, STATIC_TOKEN).json("PATCH", "/api/admin/agents/" + awayId, "{\"enabled\":false}");

        Browser browser = Browser.anonymous(port);
        Browser.signIn(browser, login, PASSWORD);
        JsonNode mine = browser.get("/api/agents").json();
        assertThat(logins(mine)).contains(login, colleague).doesNotContain(stranger, away);
        assertThat(mine.path("items").get(0).has("groups")).isTrue();
        assertThat(logins(browser.get("/api/agents?group=" + other).json())).isEmpty();

        JsonNode all = Browser.withToken(port, STATIC_TOKEN).get("/api/agents?group=" + other).json();
        assertThat(logins(all)).containsExactlyInAnyOrder(colleague, stranger);
    }

    @Test
    void adminsSeeEveryGroupWithItsMembersAndChannelsAndDescribeNewOnes() {
        Browser admin = Browser.withToken(port, STATIC_TOKEN);
        String group = unique("Billing-");
        createAgent(port, unique("tara-"), "agent", group);

        Browser.Answer described = admin.json("POST", "/api/admin/groups", "{\"name\":\"" + group
                + "\",\"description\":\"Invoices and refunds\"}");
        assertThat(described.status()).as(described.text()).isEqualTo(201);
        assertThat(admin.json("POST", "/api/admin/groups", "{\"name\":\"" + group + "\"}").status()).isEqualTo(409);
        assertThat(admin.json("POST", "/api/admin/groups", "{\"name\":\"\"}").json().path("error").asString())
                .isEqualTo("invalid_group");

        JsonNode groups = admin.get("/api/admin/groups").json().path("items");
        JsonNode billing = find(groups, group);
        assertThat(billing.path("description").asString()).isEqualTo("Invoices and refunds");
        assertThat(billing.path("members").asInt()).isEqualTo(1);
        // the channel file of the flow profile: shop's group is Sales, club has none (its id is its group)
        assertThat(find(groups, "Sales").path("channels").toString()).contains("\"shop\"");
        assertThat(find(groups, "club").path("channels").toString()).contains("\"club\"");
    }

    private static JsonNode find(JsonNode groups, String name) {
        for (JsonNode group : groups) {
            if (group.path("name").asString().equals(name)) {
                return group;
            }
        }
        throw new AssertionError("no group " + name + " in " + groups);
    }

    private static List<String> logins(JsonNode answer) {
        List<String> logins = new ArrayList<>();
        answer.path("items").forEach(item -> logins.add(item.path("login").asString()));
        return logins;
    }
}
