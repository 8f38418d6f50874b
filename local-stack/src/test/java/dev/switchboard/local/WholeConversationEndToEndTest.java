package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.local.TestStacks.randomBytes;
import static dev.switchboard.local.TestStacks.randomWaId;
import static dev.switchboard.local.TicketJson.article;
import static dev.switchboard.local.TicketJson.firstTicket;
import static dev.switchboard.local.TicketJson.inbound;
import static dev.switchboard.local.TicketJson.outbound;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.events.WindowEvent;
import dev.switchboard.events.WindowEventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The whole platform as {@code deploy/local/run.sh} starts it (a real KRaft broker, a real PostgreSQL, an S3 server,
 * the five services and the sandbox, each service a separate JVM from its jar), with a 45 s window and a 30 s reminder:
 * a customer writes, a ticket appears with the welcome message, an agent answers, the answer is delivered and read,
 * the reminder goes out once, the window closes, a free-form reply is refused and a template still passes. And
 * attachments: a customer's image the agent downloads byte for byte, a file the agent sends. And channels onboarded by
 * the admin API while everything runs (Meta and 360dialog).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(WholeConversationEndToEndTest.PrintLogsOnFailure.class)
class WholeConversationEndToEndTest {

    private static final Duration WINDOW = Duration.ofSeconds(45);
    private static final Duration REMINDER_DELAY = Duration.ofSeconds(30);
    private static final String REMINDER_TEXT =
            "Are you still there? Reply to this message to keep our conversation open.";

    private static LocalStack stack;
    private StackClient client;

    @BeforeAll
    void startTheStack() throws IOException {
        StackSettings settings = TestStacks.settings(WINDOW, REMINDER_DELAY, "e2e-logs");
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
    void aConversationOnTheMetaChannelFromFirstMessageToClosedWindow() {
        String customer = randomWaId();
        Instant wrote = Instant.now();
        StackClient.Answer sent = client.customerWrites("demo", customer,
                Map.of("type", "text", "text", "Hello, my order 4711 has not arrived"));
        assertThat(sent.status()).as("customer simulator: %s", sent.body()).isBetween(200, 299);
        assertThat(sent.body().path("ingressStatus").asInt()).isEqualTo(200);

        // A ticket appears, with the customer's message and the channel's welcome message, which is delivered and read.
        String ticketId = await("the ticket").atMost(Duration.ofSeconds(60)).until(
                () -> firstTicket(client, "demo", customer), Optional::isPresent).orElseThrow().path("id").asString();
        JsonNode withWelcome = await("the welcome message read").atMost(Duration.ofSeconds(60))
                .until(() -> client.ticket(ticketId).body(), t -> outbound(t).stream()
                        .anyMatch(a -> a.path("status").asString().equals("read")));
        assertThat(withWelcome.path("state").asString()).isEqualTo("open");
        assertThat(withWelcome.path("window").path("open").asBoolean()).isTrue();
        assertThat(inbound(withWelcome)).singleElement()
                .satisfies(a -> assertThat(a.path("text").asString()).isEqualTo("Hello, my order 4711 has not arrived"));
        assertThat(outbound(withWelcome)).singleElement()
                .satisfies(a -> assertThat(a.path("text").asString()).startsWith("Hello! Thanks for writing"));

        // The agent answers inside the window: pending, then sent, delivered and read, with the sandbox's wamid.
        StackClient.Answer reply = client.reply(ticketId, Map.of("type", "text", "text", "Sorry! It ships today."));
        assertThat(reply.status()).as("reply: %s", reply.body()).isEqualTo(202);
        assertThat(reply.body().path("status").asString()).isEqualTo("pending");
        String replyId = reply.body().path("id").asString();
        JsonNode readReply = await("the reply read").atMost(Duration.ofSeconds(60))
                .until(() -> article(client.ticket(ticketId).body(), replyId),
                        a -> a.path("status").asString().equals("read"));
        assertThat(readReply.path("messageId").asString()).startsWith("wamid.");
        assertThat(textsSentTo(customer)).contains("Sorry! It ships today.");

        // 30 s after the customer's message, while the ticket is open: the reminder, once.
        await("the reminder").atMost(Duration.ofSeconds(60))
                .until(() -> textsSentTo(customer).contains(REMINDER_TEXT));
        assertThat(Duration.between(wrote, Instant.now())).isGreaterThanOrEqualTo(REMINDER_DELAY.minusSeconds(1));

        // 45 s after it, the window closes: reminder-service says so, ticket-service refuses a free-form reply...
        WindowEvent closed = await("the window-closed event").atMost(Duration.ofSeconds(60))
                .until(() -> windowEvents(customer).stream().filter(e -> e.getType() == WindowEventType.WINDOW_CLOSED)
                        .findFirst(), Optional::isPresent).orElseThrow();
        assertThat(closed.getChannelId()).isEqualTo("demo");
        StackClient.Answer refused = await("the window closed for agents").atMost(Duration.ofSeconds(30))
                .until(() -> client.reply(ticketId, Map.of("type", "text", "text", "Anything else?")),
                        a -> a.status() != 202);
        assertThat(Duration.between(wrote, Instant.now())).isGreaterThanOrEqualTo(WINDOW.minusSeconds(1));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("error").asString()).isEqualTo("service_window_closed");

        // ...while a template still goes out and is delivered.
        StackClient.Answer template = client.reply(ticketId, Map.of("type", "template", "template", Map.of(
                "name", "order_update", "language", Map.of("code", "en_US"), "components", List.of(Map.of(
                        "type", "body", "parameters", List.of(Map.of("type", "text", "text", "4711")))))));
        assertThat(template.status()).as("template: %s", template.body()).isEqualTo(202);
        String templateId = template.body().path("id").asString();
        await("the template delivered").atMost(Duration.ofSeconds(60))
                .until(() -> article(client.ticket(ticketId).body(), templateId).path("status").asString(),
                        s -> s.equals("delivered") || s.equals("read"));

        // One reminder for the window, one window-closed event; nothing else reached the customer.
        assertThat(textsSentTo(customer)).filteredOn(REMINDER_TEXT::equals).hasSize(1);
        assertThat(windowEvents(customer)).extracting(WindowEvent::getType)
                .containsExactlyInAnyOrder(WindowEventType.REMINDER_DUE, WindowEventType.WINDOW_CLOSED);
    }

    /**
     * The agent console as the README's walkthrough uses it: alice (group support) logs in through the login form,
     * watches the live event stream, sees a customer's message on the Meta channel (group support) arrive, and
     * answers it with her session and its CSRF token; bob (group sales) cannot see that ticket.
     */
    @Test
    void anAgentWorksATicketThroughTheConsolesSessionAndLiveEvents() {
        String ticketUrl = client.ticketServiceUrl();
        StackSettings.DemoAgent alice = StackSettings.DEMO_AGENTS.get(0);
        StackSettings.DemoAgent bob = StackSettings.DEMO_AGENTS.get(1);
        try (ConsoleSession aliceConsole = new ConsoleSession(ticketUrl);
             ConsoleSession bobConsole = new ConsoleSession(ticketUrl)) {
            assertThat(aliceConsole.logIn(alice.login(), "not her password")).contains("/console/login?error");
            assertThat(aliceConsole.logIn(alice.login(), alice.password())).endsWith("/console/");
            assertThat(bobConsole.logIn(bob.login(), bob.password())).endsWith("/console/");
            assertThat(aliceConsole.get("/api/me").body().path("groups").toString()).contains("support");
            aliceConsole.listen();

            String customer = randomWaId();
            StackClient.Answer sent = client.customerWrites("demo", customer,
                    Map.of("type", "text", "text", "Can an agent help me?"));
            assertThat(sent.body().path("ingressStatus").asInt()).isEqualTo(200);
            String ticketId = await("the ticket").atMost(Duration.ofSeconds(60)).until(
                    () -> firstTicket(client, "demo", customer), Optional::isPresent).orElseThrow().path("id").asString();
            await("the live event of the customer's message").atMost(Duration.ofSeconds(30))
                    .until(() -> aliceConsole.liveEvents().stream().anyMatch(
                            e -> e.contains("\"ticketId\":" + ticketId) && e.contains("ARTICLE_ADDED")));

            assertThat(aliceConsole.get("/api/tickets/" + ticketId).status()).isEqualTo(200);
            assertThat(bobConsole.get("/api/tickets/" + ticketId).status()).isEqualTo(404);

            String reply = "{\"type\":\"text\",\"text\":\"Alice here, happy to help.\"}";
            assertThat(aliceConsole.post("/api/tickets/" + ticketId + "/articles", reply, false).status())
                    .as("a session without its CSRF token").isEqualTo(403);
            StackClient.Answer answered = aliceConsole.post("/api/tickets/" + ticketId + "/articles", reply, true);
            assertThat(answered.status()).as("reply: %s", answered.body()).isEqualTo(202);
            assertThat(answered.body().path("author").path("login").asString()).isEqualTo("alice");
            await("the reply sent to the customer").atMost(Duration.ofSeconds(60))
                    .until(() -> textsSentTo(customer).contains("Alice here, happy to help."));
        }
    }

    @Test
    void aConversationOnTheTwilioChannel() {
        String customer = randomWaId();
        StackClient.Answer sent = client.customerWrites("demo-twilio", customer,
                Map.of("type", "text", "text", "Hi from Twilio"));
        assertThat(sent.status()).as("customer simulator: %s", sent.body()).isBetween(200, 299);
        assertThat(sent.body().path("ingressStatus").asInt()).isEqualTo(200);

        String ticketId = await("the ticket").atMost(Duration.ofSeconds(60)).until(
                () -> firstTicket(client, "demo-twilio", customer), Optional::isPresent).orElseThrow().path("id").asString();
        StackClient.Answer reply = client.reply(ticketId, Map.of("type", "text", "text", "Hello from an agent"));
        assertThat(reply.status()).as("reply: %s", reply.body()).isEqualTo(202);
        String replyId = reply.body().path("id").asString();
        JsonNode delivered = await("the reply delivered").atMost(Duration.ofSeconds(60))
                .until(() -> article(client.ticket(ticketId).body(), replyId),
                        a -> List.of("delivered", "read").contains(a.path("status").asString()));
        assertThat(delivered.path("messageId").asString()).startsWith("SM");
        assertThat(inbound(client.ticket(ticketId).body())).singleElement()
                .satisfies(a -> assertThat(a.path("text").asString()).isEqualTo("Hi from Twilio"));
    }

    @Test
    void aCustomerImageTheAgentDownloadsAndAFileTheAgentSends() {
        String customer = randomWaId();
        byte[] photo = randomBytes(180_000);
        StackClient.Answer sent = client.customerWrites("demo", customer, Map.of("type", "image",
                "caption", "The parcel arrived broken", "mimeType", "image/jpeg",
                "content", Base64.getEncoder().encodeToString(photo)));
        assertThat(sent.status()).as("customer simulator: %s", sent.body()).isBetween(200, 299);
        assertThat(sent.body().path("ingressStatus").asInt()).isEqualTo(200);

        // media-service fetches the image from "Meta", checks its sha256 and stores it; the article says so.
        String ticketId = await("the ticket").atMost(Duration.ofSeconds(60)).until(
                () -> firstTicket(client, "demo", customer), Optional::isPresent).orElseThrow().path("id").asString();
        JsonNode image = await("the image stored").atMost(Duration.ofSeconds(60))
                .until(() -> inbound(client.ticket(ticketId).body()).stream()
                        .filter(a -> a.path("type").asString().equals("image")).findFirst(),
                        a -> a.isPresent() && a.get().path("media").path("status").asString().equals("stored"))
                .orElseThrow();
        assertThat(image.path("media").path("caption").asString()).isEqualTo("The parcel arrived broken");

        // The agent opens it: the customer's bytes, byte for byte.
        HttpResponse<byte[]> download = client.download(
                "/api/tickets/" + ticketId + "/articles/" + image.path("id").asString() + "/media");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("image/jpeg"));
        assertThat(download.body()).isEqualTo(photo);

        // The agent answers with a file: uploaded to "Meta" as media, sent by its id, delivered.
        byte[] invoice = randomBytes(250_000);
        StackClient.Answer reply = client.replyWithFile(ticketId, "invoice-4711.pdf", "application/pdf", invoice,
                "Your invoice");
        assertThat(reply.status()).as("reply: %s", reply.body()).isEqualTo(202);
        String replyId = reply.body().path("id").asString();
        await("the file delivered").atMost(Duration.ofSeconds(60))
                .until(() -> article(client.ticket(ticketId).body(), replyId).path("status").asString(),
                        s -> s.equals("delivered") || s.equals("read"));
        JsonNode received = client.sandboxMessagesTo(customer).stream()
                .filter(m -> m.path("request").path("type").asString().equals("document"))
                .findFirst().orElseThrow(() -> new AssertionError("the sandbox received no document"));
        assertThat(received.path("request").path("document").path("caption").asString()).isEqualTo("Your invoice");
        assertThat(received.path("media").get(0).path("sha256").asString()).isEqualTo(sha256Hex(invoice));
        assertThat(received.path("media").get(0).path("size").asLong()).isEqualTo(invoice.length);
    }

    /**
     * Onboarding while everything runs, as an admin does it with curl: a wrong token is refused with Meta's own error,
     * the right one lists the WABA's numbers, the channel is created (a number registered with its PIN, the app
     * subscribed with a callback Meta verifies against ingress), and the first customer message on the new number
     * becomes a ticket of the new channel, welcomed and answered; the app secret rotated and the channel disabled and
     * enabled in the registry take effect in ingress and outbound at once. Then a 360dialog channel, receiving and
     * sending. No service is restarted.
     */
    @Test
    void anAdminOnboardsAMetaAndA360dialogChannelWhileEverythingRuns() {
        StackClient.Answer refused = client.admin("POST", "/api/admin/channels/meta/numbers",
                Map.of("wabaId", "900800700600501", "accessToken", "a-token-meta-never-issued"));
        assertThat(refused.status()).as("wrong token: %s", refused.body()).isEqualTo(422);
        assertThat(refused.body().path("error").asString()).isEqualTo("provider_refused");
        assertThat(refused.body().path("code").asInt()).isEqualTo(190);
        assertThat(refused.body().path("message").asString()).isNotBlank();
        assertThat(refused.body().path("action").asString()).isNotBlank();

        StackClient.Answer numbers = client.admin("POST", "/api/admin/channels/meta/numbers",
                Map.of("wabaId", "900800700600501", "accessToken", "acme-access-token"));
        assertThat(numbers.status()).as("numbers: %s", numbers.body()).isEqualTo(200);
        assertThat(numbers.body().path("numbers").findValuesAsString("id"))
                .contains("100200300400501", "100200300400502");

        StackClient.Answer created = client.admin("POST", "/api/admin/channels", Map.of(
                "channelId", "acme", "provider", "meta",
                "meta", Map.of("wabaId", "900800700600501", "accessToken", "acme-access-token",
                        "appSecret", "acme-app-secret", "phoneNumberIds", List.of("100200300400501", "100200300400502"),
                        "pin", "123456"),
                "group", "acme-support", "welcomeMessage", "Welcome to ACME! An agent will be with you shortly."));
        assertThat(created.status()).as("create: %s", created.body()).isEqualTo(201);
        String callback = created.body().path("webhook").path("callbackUrl").asString();
        assertThat(callback).endsWith("/webhooks/whatsapp/acme");
        assertThat(created.body().path("webhook").path("verifyToken").asString()).isNotBlank();
        // Meta (the sandbox) verified the callback against ingress before it subscribed the app.
        assertThat(client.graph("/v23.0/900800700600501/subscribed_apps", "acme-access-token").body()
                .path("data").findValuesAsString("override_callback_uri")).containsExactly(callback);

        String customer = randomWaId();
        StackClient.Answer wrote = client.customerWritesTo("100200300400502", customer,
                Map.of("type", "text", "text", "Hello ACME, where is my parcel?"));
        assertThat(wrote.status()).as("customer simulator: %s", wrote.body()).isBetween(200, 299);
        assertThat(wrote.body().path("ingressStatus").asInt()).isEqualTo(200);
        String ticketId = await("the new channel's ticket").atMost(Duration.ofSeconds(60)).until(
                () -> firstTicket(client, "acme", customer), Optional::isPresent).orElseThrow().path("id").asString();
        JsonNode welcomed = await("its welcome message read").atMost(Duration.ofSeconds(60))
                .until(() -> client.ticket(ticketId).body(), t -> outbound(t).stream()
                        .anyMatch(a -> a.path("status").asString().equals("read")));
        assertThat(welcomed.path("group").asString()).isEqualTo("acme-support");
        assertThat(outbound(welcomed)).singleElement().satisfies(a -> assertThat(a.path("text").asString())
                .isEqualTo("Welcome to ACME! An agent will be with you shortly."));
        StackClient.Answer reply = client.reply(ticketId, Map.of("type", "text", "text", "It left our warehouse today."));
        assertThat(reply.status()).as("reply: %s", reply.body()).isEqualTo(202);
        await("the reply read").atMost(Duration.ofSeconds(60)).until(() -> article(client.ticket(ticketId).body(),
                reply.body().path("id").asString()), a -> a.path("status").asString().equals("read"));
        assertThat(client.sandboxMessagesTo(customer)).filteredOn(m -> m.path("type").asString().equals("text"))
                .extracting(m -> m.path("channelId").asString()).containsOnly("acme");

        // The app secret rotated in the registry: ingress refuses the old signature within seconds (the sandbox, like a
        // Meta app whose secret was not changed, still signs with acme-app-secret), and accepts it again once rotated
        // back. Disabled: webhooks 404 and the agent's reply held; enabled: the reply goes out. Nothing restarted.
        assertThat(client.admin("PATCH", "/api/admin/channels/acme",
                Map.of("meta", Map.of("appSecret", "acme-app-secret-2"))).status()).isEqualTo(200);
        await("the old secret refused").atMost(Duration.ofSeconds(20)).until(() -> client.customerWritesTo(
                "100200300400502", customer, Map.of("type", "text", "text", "Still there?")).body()
                .path("ingressStatus").asInt() == 401);
        assertThat(client.admin("PATCH", "/api/admin/channels/acme",
                Map.of("meta", Map.of("appSecret", "acme-app-secret"))).status()).isEqualTo(200);
        await("the secret accepted again").atMost(Duration.ofSeconds(20)).until(() -> client.customerWritesTo(
                "100200300400502", customer, Map.of("type", "text", "text", "Hello again")).body()
                .path("ingressStatus").asInt() == 200);
        assertThat(client.admin("POST", "/api/admin/channels/acme/disable", null).body().path("enabled").asBoolean())
                .isFalse();
        await("the disabled channel's webhooks 404").atMost(Duration.ofSeconds(20)).until(() -> client.customerWritesTo(
                "100200300400502", customer, Map.of("type", "text", "text", "Anyone?")).body()
                .path("ingressStatus").asInt() == 404);
        StackClient.Answer held = client.reply(ticketId, Map.of("type", "text", "text", "Sorry for the wait."));
        assertThat(held.status()).as("reply while disabled: %s", held.body()).isEqualTo(202);
        String heldId = held.body().path("id").asString();
        await("the held reply stays pending").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> article(client.ticket(ticketId).body(), heldId).path("status").asString().equals("pending"));
        assertThat(client.admin("POST", "/api/admin/channels/acme/enable", null).body().path("enabled").asBoolean())
                .isTrue();
        await("the held reply sent once enabled").atMost(Duration.ofSeconds(60)).until(() -> article(
                client.ticket(ticketId).body(), heldId), a -> a.path("status").asString().equals("read"));

        // 360dialog: the key checked, the webhook registered with its token header, then both directions.
        StackClient.Answer d360 = client.admin("POST", "/api/admin/channels", Map.of(
                "channelId", "acme-360", "provider", "dialog360",
                "dialog360", Map.of("apiKey", "acme-d360-api-key", "phoneNumberId", "100200300400503"),
                "group", "acme-360"));
        assertThat(d360.status()).as("create 360dialog: %s", d360.body()).isEqualTo(201);
        assertThat(d360.body().path("webhook").path("url").asString()).endsWith("/webhooks/360dialog/acme-360");
        String customer360 = randomWaId();
        StackClient.Answer wrote360 = client.customerWritesTo("100200300400503", customer360,
                Map.of("type", "text", "text", "Hola"));
        assertThat(wrote360.body().path("ingressStatus").asInt()).as("%s", wrote360.body()).isEqualTo(200);
        String ticket360 = await("the 360dialog ticket").atMost(Duration.ofSeconds(60)).until(
                () -> firstTicket(client, "acme-360", customer360), Optional::isPresent).orElseThrow().path("id").asString();
        StackClient.Answer reply360 = client.reply(ticket360, Map.of("type", "text", "text", "¡Hola! ¿En qué te ayudo?"));
        assertThat(reply360.status()).as("reply: %s", reply360.body()).isEqualTo(202);
        await("the 360dialog reply read").atMost(Duration.ofSeconds(60)).until(() -> article(
                client.ticket(ticket360).body(), reply360.body().path("id").asString()),
                a -> a.path("status").asString().equals("read"));
        assertThat(client.sandboxMessagesTo(customer360)).filteredOn(m -> m.path("type").asString().equals("text"))
                .extracting(m -> m.path("provider").asString()).containsOnly("360dialog");
    }


    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }






    /** The text bodies the sandbox received for this customer (text messages only). */
    private List<String> textsSentTo(String customer) {
        return client.sandboxMessagesTo(customer).stream()
                .map(m -> m.path("request").path("text").path("body").asString(""))
                .filter(text -> !text.isEmpty())
                .toList();
    }

    private List<WindowEvent> windowEvents(String customer) {
        return WindowEvents.of(stack.settings().kafkaBootstrapServers(), customer);
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
