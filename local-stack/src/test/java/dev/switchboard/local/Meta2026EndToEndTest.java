package dev.switchboard.local;

import static dev.switchboard.local.TicketJson.article;
import static dev.switchboard.local.TicketJson.firstTicket;
import static dev.switchboard.local.TicketJson.inbound;
import static dev.switchboard.local.TicketJson.outbound;
import static dev.switchboard.local.TestStacks.randomWaId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

/**
 * Meta's 2026 platform through the whole stack (the services as separate JVMs, a real broker and PostgreSQL, the
 * sandbox playing Meta): a customer known by number who then writes by business-scoped user id only keeps one
 * ticket and one welcome, and so after a number change; statuses' per-message pricing summed by the billing API;
 * a marketing opt-out (user_preferences) refusing a marketing template but not a utility one; a template hit by
 * Meta's per-user marketing limit (131049, reported in a failed status) sent again after the configured delay, not
 * before; a group message refused and counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Meta2026EndToEndTest.PrintLogsOnFailure.class)
class Meta2026EndToEndTest {

    private static final Duration WINDOW = Duration.ofMinutes(20);
    private static final Duration REMINDER_DELAY = Duration.ofMinutes(19);
    /** ticket-service's SWITCHBOARD_MARKETING_LIMIT_RETRIES in this stack: one retry, 20 s after the failure. */
    private static final Duration MARKETING_RETRY_DELAY = Duration.ofSeconds(20);
    private static final String WELCOME = "Hello! Thanks for writing to us. An agent will answer you here shortly.";

    private static LocalStack stack;
    private StackClient client;

    @BeforeAll
    void startTheStack() throws IOException {
        StackSettings settings = TestStacks.settings(WINDOW, REMINDER_DELAY, "meta2026-logs")
                .withServiceEnvironment(Map.of("SWITCHBOARD_MARKETING_LIMIT_RETRIES",
                        MARKETING_RETRY_DELAY.toSeconds() + "s"));
        stack = new LocalStack(settings, System.out);
        stack.start();
        client = new StackClient(settings);
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aCustomerKnownByNumberThenByBsuidOnlyAndThenByANewNumberKeepsOneTicketAndOneWelcome() {
        String number = randomWaId();
        String bsuid = randomBsuid();
        String username = "ana." + number.substring(number.length() - 6);

        // First message: Meta sends both the number and the BSUID (its contact book knows the pair).
        write(Map.of("from", number, "userId", bsuid, "type", "text", "text", "Hello, it's Ana"));
        String ticketId = await("the ticket").atMost(Duration.ofSeconds(60))
                .until(() -> firstTicket(client, "demo", number), Optional::isPresent).orElseThrow()
                .path("id").asString();
        await("the welcome").atMost(Duration.ofSeconds(60)).until(() -> welcomesTo(number), n -> n == 1);

        // Thirty days later Meta's cache has forgotten the number: the same customer, by BSUID and username only.
        write(Map.of("userId", bsuid, "username", username, "type", "text", "text", "Still waiting for my order"));
        JsonNode ticket = await("the BSUID-only message in the same ticket").atMost(Duration.ofSeconds(60))
                .until(() -> client.ticket(ticketId).body(), t -> inbound(t).size() == 2);
        assertThat(ticket.path("customer").path("waId").asString()).isEqualTo(number);
        assertThat(ticket.path("customer").path("userId").asString()).isEqualTo(bsuid);
        assertThat(ticket.path("customer").path("username").asString()).isEqualTo(username);
        assertThat(client.tickets("demo", bsuid).body().path("items")).singleElement()
                .satisfies(t -> assertThat(t.path("id").asString()).isEqualTo(ticketId));

        // Agents find the customer by username, by name and by number prefix.
        assertThat(customerIds("@" + username)).containsExactly(number);
        assertThat(customerIds(number.substring(0, number.length() - 2))).contains(number);

        // The customer changes their number: Meta's system message, then a message from the new number.
        String newNumber = randomWaId();
        write(Map.of("type", "system", "systemType", "user_changed_number", "from", number, "newWaId", newNumber,
                "userId", bsuid));
        write(Map.of("from", newNumber, "userId", bsuid, "type", "text", "text", "New phone, same me"));
        await("the new number's message in the same ticket").atMost(Duration.ofSeconds(60))
                .until(() -> client.ticket(ticketId).body(), t -> inbound(t).stream()
                        .anyMatch(a -> a.path("text").asString().equals("New phone, same me")));

        // One ticket and one welcome throughout. The sandbox lists a customer's sends under every id it has linked
        // (the pair in the first message, the number change), so a second welcome to any of them would show here.
        assertThat(client.tickets("demo", newNumber).body().path("items")).singleElement()
                .satisfies(t -> assertThat(t.path("id").asString()).isEqualTo(ticketId));
        await("no second welcome").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> welcomesTo(number) == 1 && welcomesTo(newNumber) == 1 && welcomesTo(bsuid) == 1);
    }

    @Test
    void billableMessagesOfAConversationAreSummedPerChannelCategoryAndDay() {
        String number = randomWaId();
        write(Map.of("from", number, "type", "text", "text", "How much is shipping?"));
        String ticketId = await("the ticket").atMost(Duration.ofSeconds(60))
                .until(() -> firstTicket(client, "demo", number), Optional::isPresent).orElseThrow()
                .path("id").asString();
        long before = billable("service");
        StackClient.Answer reply = client.reply(ticketId, Map.of("type", "text", "text", "Free above 50 EUR."));
        assertThat(reply.status()).as("reply: %s", reply.body()).isEqualTo(202);
        assertThat(reply.body().path("billableMessages").asInt()).isEqualTo(1);
        String replyId = reply.body().path("id").asString();
        await("the reply read").atMost(Duration.ofSeconds(60))
                .until(() -> article(client.ticket(ticketId).body(), replyId).path("status").asString(),
                        "read"::equals);

        // The welcome and the reply: two service messages, each billed once although three statuses priced each.
        JsonNode ticket = client.ticket(ticketId).body();
        assertThat(outbound(ticket)).hasSize(2);
        assertThat(ticket.path("billableMessages").asInt()).isEqualTo(2);
        assertThat(billable("service")).isGreaterThanOrEqualTo(before + 1);
    }

    @Test
    void aMarketingOptOutRefusesMarketingTemplatesButNotUtilityOnesAndTheLimitIsRetriedLater() {
        approveTemplate("spring_sale");
        String number = randomWaId();
        write(Map.of("from", number, "type", "text", "text", "Tell me about offers"));
        String ticketId = await("the ticket").atMost(Duration.ofSeconds(60))
                .until(() -> firstTicket(client, "demo", number), Optional::isPresent).orElseThrow()
                .path("id").asString();
        await("the welcome").atMost(Duration.ofSeconds(60)).until(() -> welcomesTo(number), n -> n == 1);

        // Meta's per-user marketing limit: the send is accepted, then a failed status with 131049 follows.
        StackClient.Answer fault = client.sandbox("POST", "/sandbox/faults",
                Map.of("code", 131049, "async", true, "count", 1, "recipient", number));
        assertThat(fault.status()).as("fault: %s", fault.body()).isBetween(200, 299);
        StackClient.Answer marketing = client.reply(ticketId, springSale());
        assertThat(marketing.status()).as("marketing template: %s", marketing.body()).isEqualTo(202);
        String failedId = marketing.body().path("id").asString();
        JsonNode failed = await("the limited template failed").atMost(Duration.ofSeconds(60))
                .until(() -> article(client.ticket(ticketId).body(), failedId),
                        a -> a.path("status").asString().equals("failed"));
        Instant failedAt = Instant.now();
        assertThat(failed.toString()).contains("131049");

        // Sent again after the configured delay, not before: two sends of the template reach the sandbox.
        await("the retry sent").atMost(MARKETING_RETRY_DELAY.plusSeconds(60))
                .until(() -> templatesTo(number, "spring_sale").size() == 2);
        assertThat(Duration.between(failedAt, Instant.now()))
                .isGreaterThanOrEqualTo(MARKETING_RETRY_DELAY.minusSeconds(3));
        await("the retry delivered").atMost(Duration.ofSeconds(60))
                .until(() -> outbound(client.ticket(ticketId).body()).stream()
                        .filter(a -> a.path("type").asString().equals("template"))
                        .anyMatch(a -> List.of("delivered", "read").contains(a.path("status").asString())));

        // The customer stops marketing messages in WhatsApp: Meta's user_preferences webhook.
        StackClient.Answer stop = client.sandbox("POST", "/sandbox/customers/preferences",
                Map.of("channelId", "demo", "from", number, "value", "stop"));
        assertThat(stop.status()).as("preferences: %s", stop.body()).isEqualTo(200);
        StackClient.Answer refused = await("marketing refused").atMost(Duration.ofSeconds(60))
                .until(() -> client.reply(ticketId, springSale()), a -> a.status() != 202);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("error").asString()).isEqualTo("recipient_opted_out_of_marketing");
        StackClient.Answer utility = client.reply(ticketId, Map.of("type", "template", "template", Map.of(
                "name", "order_update", "language", Map.of("code", "en_US"), "components", List.of(Map.of(
                        "type", "body", "parameters", List.of(Map.of("type", "text", "text", "4711")))))));
        assertThat(utility.status()).as("utility template: %s", utility.body()).isEqualTo(202);
    }

    @Test
    void aGroupMessageIsRefusedCountedAndKeptRaw() {
        String number = randomWaId();
        double before = keptRaw("group_message");
        StackClient.Answer sent = write(Map.of("from", number, "groupId", "120363999999999999", "type", "text",
                "text", "Hi all"));
        assertThat(sent.body().path("ingressStatus").asInt()).isEqualTo(200);
        await("counted").atMost(Duration.ofSeconds(30)).until(() -> keptRaw("group_message") >= before + 1);
        write(Map.of("from", number, "type", "text", "text", "Now just me"));
        JsonNode ticket = await("the 1:1 message's ticket").atMost(Duration.ofSeconds(60))
                .until(() -> firstTicket(client, "demo", number), Optional::isPresent).orElseThrow();
        assertThat(inbound(client.ticket(ticket.path("id").asString()).body()))
                .extracting(a -> a.path("text").asString()).containsExactly("Now just me");
    }

    private StackClient.Answer write(Map<String, Object> message) {
        StackClient.Answer sent = client.sandbox("POST", "/sandbox/customers/messages",
                withChannel(message));
        assertThat(sent.status()).as("customer simulator: %s", sent.body()).isBetween(200, 299);
        assertThat(sent.body().path("ingressStatus").asInt()).as("ingress: %s", sent.body()).isEqualTo(200);
        return sent;
    }

    private static Map<String, Object> withChannel(Map<String, Object> message) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(message);
        body.put("channelId", "demo");
        body.putIfAbsent("name", "Ana Test");
        return body;
    }

    private static Map<String, Object> springSale() {
        return Map.of("type", "template", "template", Map.of("name", "spring_sale", "language",
                Map.of("code", "en_US"), "components", List.of(Map.of("type", "body", "parameters",
                        List.of(Map.of("type", "text", "text", "20%"))))));
    }

    private void approveTemplate(String name) {
        StackClient.Answer approved = client.sandbox("POST", "/sandbox/templates/status", Map.of(
                "wabaId", "900800700600500", "name", name, "language", "en_US", "event", "APPROVED"));
        assertThat(approved.status()).as("template status: %s", approved.body()).isBetween(200, 299);
        await("the template approved in the catalogue").atMost(Duration.ofSeconds(60))
                .until(() -> client.agent("GET", "/api/templates?channelId=demo", null).body().toString(),
                        body -> body.contains("\"" + name + "\"") && templateStatus(name).equals("APPROVED"));
    }

    private String templateStatus(String name) {
        for (JsonNode t : client.agent("GET", "/api/templates?channelId=demo", null).body().path("items")) {
            if (t.path("name").asString().equals(name)) {
                return t.path("status").asString().toUpperCase(java.util.Locale.ROOT);
            }
        }
        return "";
    }

    private List<String> customerIds(String query) {
        JsonNode items = client.agent("GET", "/api/customers?channelId=demo&q="
                + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8), null).body().path("items");
        List<String> ids = new java.util.ArrayList<>();
        items.forEach(c -> ids.add(c.path("customerId").asString()));
        return ids;
    }

    private long billable(String category) {
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        long sum = 0;
        for (JsonNode item : client.agent("GET", "/api/billing?channelId=demo&from=" + today + "&to=" + today, null)
                .body().path("items")) {
            if (item.path("category").asString().equals(category)) {
                sum += item.path("billableMessages").asLong();
            }
        }
        return sum;
    }

    private double keptRaw(String reason) {
        String metrics = client.text(client.ingressUrl() + "/actuator/prometheus");
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("switchboard_webhook_kept_raw_total") && line.contains("reason=\"" + reason + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private long welcomesTo(String recipient) {
        return client.sandboxMessagesTo(recipient).stream().filter(Meta2026EndToEndTest::isWelcome).count();
    }

    private static boolean isWelcome(JsonNode message) {
        return message.path("request").path("text").path("body").asString("").equals(WELCOME);
    }

    private List<JsonNode> templatesTo(String recipient, String name) {
        return client.sandboxMessagesTo(recipient).stream()
                .filter(m -> m.path("request").path("template").path("name").asString("").equals(name))
                .toList();
    }

    private static String randomBsuid() {
        // Two capital letters, a period, digits: the shape of Meta's BSUIDs (e.g. US.13491208655302741918).
        return "US.1" + String.format("%018d", ThreadLocalRandom.current().nextLong(1_000_000_000_000_000_000L));
    }

    /** A failing end-to-end test is only useful with what the services logged. */
    static class PrintLogsOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (stack != null) {
                System.out.println("Last lines of each service:" + stack.logTails());
            }
        }
    }
}
