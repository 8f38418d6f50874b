package dev.switchboard.ticket.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.Callers;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every route under {@code /api/tickets/{id}}, as registered, called by an agent of another group: 404
 * {@code not_found}, as for a ticket that does not exist. The controllers are called with the {@link Caller} in the
 * request attribute and no filters: how the caller was authenticated is not what this checks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class VisibilityRoutesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private WebApplicationContext context;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping handlers;
    @Autowired
    private TicketRepository tickets;
    @Autowired
    private JdbcClient jdbc;

    private MockMvc mvc;
    private String group;
    private String otherGroup;

    @BeforeEach
    void start() {
        mvc = MockMvcBuilders.webAppContextSetup(context).build();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        group = "vis-a-" + suffix;
        otherGroup = "vis-b-" + suffix;
    }

    @AfterEach
    void removeTemplates() {
        jdbc.sql("delete from message_template where channel_id in (?, ?)").params(group, otherGroup).update();
    }

    @Test
    void everyTicketRouteAnswersNotFoundToAnAgentOfAnotherGroup() throws Exception {
        Caller outsider = agent(otherGroup);
        TicketRow ticket = ticket(group);
        long articleId = jdbc.sql("""
                        insert into article (ticket_id, channel_id, direction, type, status, text, content, created_at)
                        values (?, ?, 'outbound', 'image', 'sent', null,
                                '{"media":{"mimeType":"image/png","size":3,"storedSha256":"abc"}}', now()) returning id
                        """)
                .params(ticket.id(), ticket.channelId()).query(Long.class).single();

        List<String> called = new ArrayList<>();
        for (RequestMappingInfo info : handlers.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/tickets/{id}")) {
                    continue;
                }
                String uri = pattern.replace("{id}", String.valueOf(ticket.id()))
                        .replace("{articleId}", String.valueOf(articleId));
                boolean multipartOnly = info.getConsumesCondition().getConsumableMediaTypes()
                        .contains(MediaType.MULTIPART_FORM_DATA);
                for (var method : info.getMethodsCondition().getMethods()) {
                    RequestBuilder call = multipartOnly
                            ? multipart(uri).file(new MockMultipartFile("file", "a.txt", "text/plain", "hi".getBytes()))
                                    .requestAttr(Callers.ATTRIBUTE, outsider)
                            : request(HttpMethod.valueOf(method.name()), uri).requestAttr(Callers.ATTRIBUTE, outsider)
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content("{\"type\":\"text\",\"text\":\"hi\",\"agentId\":null}");
                    MvcResult result = mvc.perform(call).andReturn();
                    assertThat(result.getResponse().getStatus()).as(method + " " + pattern).isEqualTo(404);
                    assertThat(JSON.readTree(result.getResponse().getContentAsString()).path("error").asString())
                            .as(method + " " + pattern).isEqualTo("not_found");
                    called.add(method + " " + pattern + (multipartOnly ? " (multipart)" : ""));
                }
            }
        }
        assertThat(called).contains("GET /api/tickets/{id}", "POST /api/tickets/{id}/articles",
                "POST /api/tickets/{id}/articles (multipart)", "GET /api/tickets/{id}/articles/{articleId}/media",
                "POST /api/tickets/{id}/close", "POST /api/tickets/{id}/reopen", "POST /api/tickets/{id}/assign",
                "POST /api/tickets/{id}/notes");

        JsonNode canned = json(mvc.perform(get("/api/canned-responses").param("ticketId", String.valueOf(ticket.id()))
                .requestAttr(Callers.ATTRIBUTE, outsider)).andReturn(), 404);
        assertThat(canned.path("error").asString()).isEqualTo("not_found");
        JsonNode listed = json(mvc.perform(get("/api/tickets").param("state", "all")
                .requestAttr(Callers.ATTRIBUTE, outsider)).andReturn(), 200);
        assertThat(listed.path("items").valueStream().map(t -> t.path("id").asLong())).doesNotContain(ticket.id());
    }

    @Test
    void anAgentOfTheGroupSeesTheTicketAndTheViewMarksItRead() throws Exception {
        Caller member = agent(group);
        TicketRow ticket = ticket(group);
        jdbc.sql("insert into article (ticket_id, channel_id, direction, type, status, text, created_at)"
                + " values (?, ?, 'inbound', 'text', 'received', 'Hello', now())")
                .params(ticket.id(), ticket.channelId()).update();

        JsonNode listed = json(mvc.perform(get("/api/tickets").param("group", group)
                .requestAttr(Callers.ATTRIBUTE, member)).andReturn(), 200);
        assertThat(listed.path("items")).singleElement().satisfies(t -> {
            assertThat(t.path("id").asLong()).isEqualTo(ticket.id());
            assertThat(t.path("unread").asInt()).isEqualTo(1);
        });
        json(mvc.perform(post("/api/tickets/" + ticket.id() + "/notes").requestAttr(Callers.ATTRIBUTE, member)
                .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"mine\"}")).andReturn(), 201);
        JsonNode shown = json(mvc.perform(get("/api/tickets/" + ticket.id())
                .requestAttr(Callers.ATTRIBUTE, member)).andReturn(), 200);
        assertThat(shown.path("notes")).singleElement().satisfies(n -> {
            assertThat(n.path("text").asString()).isEqualTo("mine");
            assertThat(n.path("author").path("id").asLong()).isEqualTo(member.agentId());
            assertThat(n.path("author").path("name").asString()).isEqualTo(member.name());
        });
        JsonNode again = json(mvc.perform(get("/api/tickets").param("group", group)
                .requestAttr(Callers.ATTRIBUTE, member)).andReturn(), 200);
        assertThat(again.path("items").get(0).path("unread").asInt()).isZero();
    }

    @Test
    void conversationsAndTemplatesOnlyOnChannelsOfTheCallersGroups() throws Exception {
        Caller member = agent(group);
        // channels the configuration does not know are in the group named like them
        for (String channel : List.of(group, otherGroup)) {
            jdbc.sql("""
                            insert into message_template (channel_id, template_id, source, name, language, status, synced_at)
                            values (?, ?, 'meta', 'hello', 'en', 'APPROVED', now())
                            """)
                    .params(channel, "t-" + channel).update();
        }
        JsonNode templates = json(mvc.perform(get("/api/templates").requestAttr(Callers.ATTRIBUTE, member)).andReturn(),
                200);
        assertThat(templates.path("items").valueStream().map(t -> t.path("channelId").asString()))
                .contains(group).doesNotContain(otherGroup, "shop");
        JsonNode all = json(mvc.perform(get("/api/templates").requestAttr(Callers.ATTRIBUTE, Caller.staticToken("api")))
                .andReturn(), 200);
        assertThat(all.path("items").valueStream().map(t -> t.path("channelId").asString())).contains(group, otherGroup);

        // "shop" is in the group Sales
        JsonNode refused = json(mvc.perform(post("/api/tickets").requestAttr(Callers.ATTRIBUTE, member)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"channelId\":\"shop\",\"customer\":{\"waId\":\"" + TestEvents.newCustomer() + "\"},"
                        + "\"article\":{\"type\":\"text\",\"text\":\"hi\"}}")).andReturn(), 422);
        assertThat(refused.path("error").asString()).isEqualTo("unknown_channel");
    }

    private static JsonNode json(MvcResult result, int status) throws Exception {
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    private Caller agent(String agentGroup) {
        String login = "agent-" + UUID.randomUUID().toString().substring(0, 12);
        Timestamp now = Timestamp.from(Instant.now());
        long id = jdbc.sql("insert into agent (login, name, role, created_at, updated_at) values (?, ?, 'agent', ?, ?)"
                        + " returning id")
                .params(login, "Name of " + login, now, now).query(Long.class).single();
        jdbc.sql("insert into agent_group (agent_id, group_name) values (?, ?)").params(id, agentGroup).update();
        return new Caller(id, login, "Name of " + login, Caller.Role.AGENT, Set.of(agentGroup));
    }

    private TicketRow ticket(String ticketGroup) {
        String waId = TestEvents.newCustomer();
        tickets.upsertConversation("club", waId, waId, null, null, Instant.now());
        return tickets.createTicket("club", waId, ticketGroup, Instant.now());
    }
}
