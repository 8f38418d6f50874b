package dev.switchboard.local;

import static dev.switchboard.local.TestStacks.randomBytes;
import static dev.switchboard.local.TestStacks.randomWaId;
import static dev.switchboard.local.TicketJson.article;
import static dev.switchboard.local.TicketJson.firstTicket;
import static dev.switchboard.local.TicketJson.inbound;
import static dev.switchboard.local.TicketJson.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.switchboard.events.Provider;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.schemas.Topics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

/**
 * What operators do to a running platform, on the whole stack (one start for every scenario: the stack is the
 * expensive part): every consumer group replayed from the start changes nothing, and the runbooks of
 * docs/operations/ executed step by step, with {@code switchboard-admin} run as a process where they use it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OperationsEndToEndTest.PrintLogsOnFailure.class)
class OperationsEndToEndTest {

    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final Duration REMINDER_DELAY = Duration.ofSeconds(15);
    private static final String REMINDER_TEXT =
            "Are you still there? Reply to this message to keep our conversation open.";
    /** The services that consume (each has consumer groups named after it) and keep a database, by stack name. */
    private static final List<String> CONSUMING_SERVICES = List.of("ticket", "outbound", "reminder", "media");
    private static final List<String> DATABASES = List.of("ticket", "outbound", "reminder", "media");
    /**
     * Columns that say when something outside Kafka last happened, not state derived from the topics: ticket-service
     * reads each channel's templates from the provider at every start and every sync interval.
     */
    private static final Set<String> NOT_FROM_KAFKA = Set.of("public.message_template.synced_at");
    /**
     * ticket-service's columns that say when a row was written or last checked: a restored database replayed writes
     * its rows again, now. Everything else must be as it was.
     */
    private static final Set<String> WRITTEN_AT = Set.of("public.message_template.synced_at",
            "public.conversation.created_at", "public.ticket.created_at", "public.ticket.updated_at",
            "public.article.created_at", "public.pending_status.parked_at", "public.channel.checked_at");

    private static LocalStack stack;
    private StackClient client;
    private KafkaState kafka;
    private AdminTool admin;
    private long startedAt;

    @BeforeAll
    void startTheStack() throws IOException {
        startedAt = System.nanoTime();
        StackSettings settings = TestStacks.settings(WINDOW, REMINDER_DELAY, "operations-logs");
        stack = new LocalStack(settings, System.out);
        stack.start();
        client = new StackClient(settings);
        kafka = new KafkaState(settings.kafkaBootstrapServers());
        admin = new AdminTool(TestStacks.root(), settings.kafkaBootstrapServers());
        System.out.printf("operations stack ready after %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
    }

    @AfterAll
    void stopTheStack() {
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.close();
        }
        System.out.printf("OperationsEndToEndTest: %.1f s from stack start to stop%n",
                (System.nanoTime() - startedAt) / 1e9);
    }

    /**
     * The proof that the platform is idempotent end to end: after real traffic (both demo channels, agent
     * replies and their statuses, a reminder and a closed window, a customer's image and an agent's file), every
     * consuming service is stopped, every one of its consumer groups replayed from the earliest offset, and the
     * services started again. Once they have caught up, every table of every database is as it was, no topic has a
     * record more, and the sandbox (Meta's and Twilio's APIs) received no request more.
     */
    @Test
    @Order(1)
    void replayingEveryConsumerGroupFromEarliestChangesNoTableNoTopicAndSendsNothing() {
        Instant lastCustomerMessage = realTraffic();
        await("every window closed and every service caught up").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Instant.now().isAfter(lastCustomerMessage.plus(WINDOW)) && allCaughtUp());

        // A group with live members is not replayed.
        List<String> ticketGroups = kafka.groupsOf("ticket-service");
        Map<String, Map<TopicPartition, Long>> committed = new LinkedHashMap<>();
        ticketGroups.forEach(g -> committed.put(g, kafka.committed(g)));
        AdminTool.Result refused = admin.run("replay", "--group", "ticket-service", "--from", "earliest");
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(3);
        assertThat(refused.err()).contains("live member");
        ticketGroups.forEach(g -> assertThat(kafka.committed(g)).as(g).isEqualTo(committed.get(g)));

        CONSUMING_SERVICES.forEach(stack::stopService);
        Map<String, Map<String, List<String>>> tablesBefore = dumpAll();
        Map<TopicPartition, Long> topicsBefore = kafka.endOffsets();
        JsonNode sentBefore = client.providerRequestCounts();
        assertThat(sentBefore.path("total").asLong()).as("the traffic reached the sandbox").isPositive();

        List<String> groups = CONSUMING_SERVICES.stream().flatMap(s -> kafka.groupsOf(s + "-service").stream()).toList();
        assertThat(groups).as("every consuming service has groups").hasSizeGreaterThanOrEqualTo(CONSUMING_SERVICES.size());
        for (String service : CONSUMING_SERVICES) {
            AdminTool.Result replay = admin.run("replay", "--group", service + "-service", "--from", "earliest");
            assertThat(replay.exitCode()).as("%s", replay).isZero();
            assertThat(replay.out()).contains("re-reads");
        }
        assertThat(groups.stream().mapToLong(kafka::lag).sum()).as("records to read again").isPositive();

        CONSUMING_SERVICES.forEach(stack::startService);
        await("every group caught up again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> groups.stream().allMatch(g -> kafka.lag(g) == 0));
        // Caught up; anything a replayed record scheduled (a reminder, a retry) would show within seconds.
        await("nothing changes while the services run on").during(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    assertThat(kafka.endOffsets()).as("topics' end offsets").isEqualTo(topicsBefore);
                    assertThat(client.providerRequestCounts()).as("requests the sandbox received").isEqualTo(sentBefore);
                });
        assertThat(differences(tablesBefore, dumpAll())).as("rows only before / only after the replay").isEmpty();
    }

    /**
     * Runbook docs/operations/broker-outage.md: while the broker is down ingress answers 503 (Meta retries); the
     * sender's retry after the broker is back is accepted, the message is in the ticket once, and every service
     * recovers on its own (an agent's reply goes out and is read, every consumer group catches up).
     */
    @Test
    @Order(2)
    void runbookBrokerOutage() {
        String dora = randomWaId();
        String dorasTicket = conversation("demo", dora, "Before the outage");

        stack.stopBroker();
        String webhook;
        String url;
        try {
            StackClient.Answer during = client.customerWrites("demo", dora,
                    Map.of("type", "text", "text", "During the outage"));
            assertThat(during.body().path("ingressStatus").asInt()).as("%s", during.body()).isNotEqualTo(200);
            webhook = during.body().path("webhook").asString();
            url = during.body().path("url").asString();
            // What Meta sees: 503 "temporarily unavailable, retry".
            assertThat(client.postMetaWebhook(url, webhook, "demo-app-secret")).isEqualTo(503);
        } finally {
            stack.startBroker();
        }

        // Meta retries the same bytes; once the producer has reconnected, ingress takes them.
        await("the retry accepted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> client.postMetaWebhook(url, webhook, "demo-app-secret") == 200);
        await("the message in the ticket").atMost(Duration.ofSeconds(60)).until(() -> inbound(
                client.ticket(dorasTicket).body()).stream().map(a -> a.path("text").asString()).toList(),
                texts -> texts.contains("During the outage"));
        replyAndAwait(dorasTicket, "We are back.", "read");
        await("every service caught up").atMost(Duration.ofSeconds(60)).until(this::allCaughtUp);
        assertThat(inbound(client.ticket(dorasTicket).body())).extracting(a -> a.path("text").asString())
                .containsExactly("Before the outage", "During the outage");
        assertThat(stack.serviceNames()).allMatch(stack::isRunning);
    }

    /**
     * Runbook docs/operations/rotate-app-secret.md: the app secret of an onboarded Meta channel is reset in Meta's App
     * Dashboard, so Meta signs with the new secret at once; ingress refuses it (401) until the secret is rotated with
     * the channels API, then accepts Meta's retry of the same webhook: nothing is lost, and the old signature is
     * refused from then on.
     */
    @Test
    @Order(3)
    void runbookRotatingAnAppSecret() {
        StackClient.Answer created = client.admin("POST", "/api/admin/channels", Map.of(
                "channelId", "acme", "provider", "meta",
                "meta", Map.of("wabaId", "900800700600501", "accessToken", "acme-access-token",
                        "appSecret", "acme-app-secret", "phoneNumberIds", List.of("100200300400501"), "pin", "123456"),
                "group", "acme-support"));
        assertThat(created.status()).as("create: %s", created.body()).isEqualTo(201);
        String eva = randomWaId();
        assertThat(client.customerWritesTo("100200300400501", eva, Map.of("type", "text", "text", "Hello ACME"))
                .body().path("ingressStatus").asInt()).isEqualTo(200);
        String evasTicket = ticketOf("acme", eva);

        // Rotated in Switchboard; Meta (the sandbox) still signs with the old secret for a moment: refused, retried.
        StackClient.Answer rotated = client.admin("PATCH", "/api/admin/channels/acme",
                Map.of("meta", Map.of("appSecret", "acme-app-secret-2")));
        assertThat(rotated.status()).as("rotate: %s", rotated.body()).isEqualTo(200);
        String acmeWebhooks = client.ingressUrl() + "/webhooks/whatsapp/acme";
        String empty = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}";
        await("ingress has the new secret").atMost(Duration.ofSeconds(20))
                .until(() -> client.postMetaWebhook(acmeWebhooks, empty, "acme-app-secret-2") == 200);
        StackClient.Answer meanwhile = client.customerWritesTo("100200300400501", eva,
                Map.of("type", "text", "text", "Sent while the secret changed"));
        assertThat(meanwhile.body().path("ingressStatus").asInt()).as("the old signature").isEqualTo(401);
        String webhook = meanwhile.body().path("webhook").asString();
        String url = meanwhile.body().path("url").asString();

        // Meta signs with the new secret now; its retry of the refused webhook is accepted.
        assertThat(client.postMetaWebhook(url, webhook, "acme-app-secret-2")).as("the new secret").isEqualTo(200);
        assertThat(client.postMetaWebhook(url, webhook, "acme-app-secret")).as("the old secret").isEqualTo(401);
        await("nothing lost").atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                inbound(client.ticket(evasTicket).body())).extracting(a -> a.path("text").asString())
                .containsExactly("Hello ACME", "Sent while the secret changed"));
    }

    /**
     * Runbook docs/operations/poison-record.md: ticket-service's database turns read-only (a failover to a standby,
     * a maintenance switch left on): every message that arrives meanwhile fails after its retries and is parked on
     * {@code whatsapp.inbound.messages.v1.dlt}. The operator finds them with {@code dlt list} and {@code dlt show},
     * fixes the database, and re-drives them: the message is in its ticket once, even though redrive ran twice.
     */
    @Test
    @Order(4)
    void runbookPoisonRecordParkedAndRedriven() {
        String dlt = "whatsapp.inbound.messages.v1.dlt";
        String gus = randomWaId();
        String gusTicket = conversation("demo-twilio", gus, "First message");
        long parkedBefore = parked(dlt);

        Instant broke = Instant.now();
        stack.setDatabaseReadOnly("ticket", true);
        try {
            customerWrites("demo-twilio", gus, "Parked message");
            await("the message parked").atMost(Duration.ofSeconds(60)).until(() -> parked(dlt) > parkedBefore);
        } finally {
            stack.setDatabaseReadOnly("ticket", false);
        }

        AdminTool.Result list = admin.run("dlt", "list", dlt);
        assertThat(list.exitCode()).as("%s", list).isZero();
        assertThat(list.out()).contains(dlt + "-", "dead letter");
        AdminTool.Result show = admin.run("dlt", "show", dlt, "--since", broke.toString());
        assertThat(show.exitCode()).as("%s", show).isZero();
        assertThat(show.out()).contains("read-only transaction", "Parked message", "ticket-service.inbound-messages");

        AdminTool.Result redrive = admin.run("dlt", "redrive", dlt, "--since", broke.toString());
        assertThat(redrive.exitCode()).as("%s", redrive).isZero();
        assertThat(redrive.out()).contains("re-driven to whatsapp.inbound.messages.v1-");
        AdminTool.Result again = admin.run("dlt", "redrive", dlt, "--since", broke.toString());
        assertThat(again.exitCode()).as("%s", again).isZero();
        assertThat(again.out()).contains("already re-driven at").contains("re-driven 0,");

        await("the message in its ticket").atMost(Duration.ofSeconds(60)).until(() -> inbound(
                client.ticket(gusTicket).body()).size() == 2);
        await("every service caught up").atMost(Duration.ofSeconds(60)).until(this::allCaughtUp);
        assertThat(inbound(client.ticket(gusTicket).body())).extracting(a -> a.path("text").asString())
                .containsExactly("First message", "Parked message");
    }

    /**
     * Runbook docs/operations/restore-and-replay.md: ticket-service's database is restored from a backup (a snapshot
     * taken while the service was stopped), losing what it applied since; its consumer groups are replayed from the
     * backup's time, and once they have caught up the database holds what it held before the restore (but for the
     * times rows were written), the customer's messages of the lost period are back, and nothing was published or
     * sent again.
     */
    @Test
    @Order(5)
    void runbookConsumerReplayedAfterADatabaseRestore() {
        String hana = randomWaId();
        String hanasTicket = conversation("demo-twilio", hana, "Before the backup");
        await("caught up").atMost(Duration.ofSeconds(60)).until(this::allCaughtUp);

        stack.stopService("ticket");
        Instant backupTime = Instant.now();
        stack.snapshotDatabase("ticket", "ticket_backup");
        stack.startService("ticket");

        for (String text : List.of("After the backup", "And after that")) {
            customerWrites("demo-twilio", hana, text);
        }
        Instant hanasLast = Instant.now();
        await("both in the ticket").atMost(Duration.ofSeconds(60))
                .until(() -> inbound(client.ticket(hanasTicket).body()).size() == 3);
        // Hana's are the last customer messages of the run: once her window has closed no timer is left to fire,
        // so whatever is published from here on is the restore's and the replay's doing.
        await("every window closed and every service caught up").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Instant.now().isAfter(hanasLast.plus(WINDOW).plusSeconds(5)) && allCaughtUp());
        stack.stopService("ticket");
        Map<String, List<String>> beforeRestore = stack.dumpDatabase("ticket", WRITTEN_AT);
        Map<TopicPartition, Long> topicsBefore = kafka.endOffsets();
        JsonNode sentBefore = client.providerRequestCounts();

        stack.restoreDatabase("ticket", "ticket_backup");
        assertThat(stack.dumpDatabase("ticket", WRITTEN_AT)).as("the backup lacks the last messages")
                .isNotEqualTo(beforeRestore);
        AdminTool.Result replay = admin.run("replay", "--group", "ticket-service", "--from", backupTime.toString());
        assertThat(replay.exitCode()).as("%s", replay).isZero();
        assertThat(replay.out()).contains("ticket-service.inbound-messages", "re-reads");
        stack.startService("ticket");
        await("ticket-service caught up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> kafka.groupsOf("ticket-service").stream().allMatch(g -> kafka.lag(g) == 0));

        assertThat(inbound(client.ticket(hanasTicket).body())).extracting(a -> a.path("text").asString())
                .containsExactly("Before the backup", "After the backup", "And after that");
        assertThat(differences(Map.of("ticket", beforeRestore), Map.of("ticket", stack.dumpDatabase("ticket",
                WRITTEN_AT)))).as("rows only before the restore / only after the replay").isEmpty();
        // The restored database no longer knows that it published the ticket events of the lost period's messages:
        // it publishes them again: the same content, with new event ids and the time they were applied again. Nothing
        // else, and nothing in reaction to them (no reminder rescheduled by reminder-service, which reads them).
        await("nothing else published, nothing sent again").during(Duration.ofSeconds(20))
                .atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    assertThat(without(Topics.TICKET_EVENTS.name(), kafka.endOffsets())).as("no other topic grew")
                            .isEqualTo(without(Topics.TICKET_EVENTS.name(), topicsBefore));
                    assertThat(client.providerRequestCounts()).as("nothing sent again").isEqualTo(sentBefore);
                });
        Map<TopicPartition, Long> topicsAfter = kafka.endOffsets();
        List<String> published = kafka.values(Topics.TICKET_EVENTS, Map.of(), topicsBefore).stream()
                .filter(e -> e.getCustomer().getWaId().equals(hana))
                .map(OperationsEndToEndTest::withoutIdAndTime).toList();
        assertThat(kafka.values(Topics.TICKET_EVENTS, topicsBefore, topicsAfter))
                .as("ticket events published again").hasSize(2)
                .allSatisfy(e -> assertThat(published).contains(withoutIdAndTime(e)));
    }

    private static Map<TopicPartition, Long> only(String topic, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> ofTopic = new LinkedHashMap<>(offsets);
        ofTopic.keySet().removeIf(tp -> !tp.topic().equals(topic));
        return ofTopic;
    }

    private static Map<TopicPartition, Long> without(String topic, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> rest = new LinkedHashMap<>(offsets);
        rest.keySet().removeIf(tp -> tp.topic().equals(topic));
        return rest;
    }

    /** A ticket event's content: without its id and the time ticket-service applied what it reports. */
    private static String withoutIdAndTime(TicketEvent event) {
        return TicketEvent.newBuilder(event).setEventId("").setOccurredAt(Instant.EPOCH).build().toString();
    }

    /**
     * Runbook docs/operations/reparse-after-parser-fix.md: ingress once archived a customer's webhook but, with a
     * parser bug, published none of its events (planted here: the raw record is written to
     * {@code whatsapp.webhooks.raw.v1} as that ingress did, without its message); after the fix {@code reparse}
     * over that period shows the missing message, publishes it, and the ticket appears; a second run publishes
     * nothing.
     */
    @Test
    @Order(6)
    void runbookParserBugFixedAndPeriodReparsed() {
        // A real Meta webhook body, from the customer simulator, made into another customer's message.
        String template = randomWaId();
        StackClient.Answer model = client.customerWrites("demo", template, Map.of("type", "text", "text", "Model"));
        assertThat(model.body().path("ingressStatus").asInt()).isEqualTo(200);
        String ivy = randomWaId();
        String wamid = model.body().path("messageId").asString();
        String body = model.body().path("webhook").asString().replace(template, ivy)
                .replace(wamid, wamid.replace("wamid.", "wamid.REPARSE"))
                .replace("\"Model\"", "\"My parcel is lost\"");
        assertThat(body).contains(ivy, "My parcel is lost").doesNotContain(template);

        Instant from = Instant.now().minusSeconds(1);
        kafka.publishRawWebhook(RawWebhook.newBuilder().setWebhookId(java.util.UUID.randomUUID().toString())
                .setProvider(Provider.META).setChannelId("demo").setReceivedAt(Instant.now())
                .setContentType("application/json").setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .setPath("/webhooks/whatsapp/demo").setHeaders(Map.of()).build());
        Instant to = Instant.now().plusSeconds(1);
        assertThat(firstTicket(client, "demo", ivy)).as("no ticket: the old parse published nothing").isEmpty();

        String channels = stack.settings().channelsFile().toString();
        AdminTool.Result dryRun = admin.run("reparse", "--channel", "demo", "--from", from.toString(),
                "--to", to.toString(), "--channels-file", channels, "--dry-run");
        assertThat(dryRun.exitCode()).as("%s: events are missing", dryRun).isEqualTo(1);
        assertThat(dryRun.out()).contains("missing message " + wamid.replace("wamid.", "wamid.REPARSE"));
        AdminTool.Result reparse = admin.run("reparse", "--channel", "demo", "--from", from.toString(),
                "--to", to.toString(), "--channels-file", channels);
        assertThat(reparse.exitCode()).as("%s", reparse).isZero();
        assertThat(reparse.out()).contains("published now 1");

        String ivysTicket = ticketOf("demo", ivy);
        assertThat(inbound(client.ticket(ivysTicket).body())).extracting(a -> a.path("text").asString())
                .containsExactly("My parcel is lost");
        Map<TopicPartition, Long> topics = kafka.endOffsets();
        AdminTool.Result again = admin.run("reparse", "--channel", "demo", "--from", from.toString(),
                "--to", to.toString(), "--channels-file", channels);
        assertThat(again.exitCode()).as("%s", again).isZero();
        assertThat(again.out()).contains("published now 0");
        // (statuses of the welcome message and the reminder keep arriving through ingress meanwhile)
        assertThat(only(Topics.INBOUND_MESSAGES.name(), kafka.endOffsets())).as("the second run published nothing")
                .isEqualTo(only(Topics.INBOUND_MESSAGES.name(), topics));
        assertThat(inbound(client.ticket(ivysTicket).body())).hasSize(1);
    }

    private long parked(String deadLetterTopic) {
        return kafka.endOffsets().entrySet().stream().filter(e -> e.getKey().topic().equals(deadLetterTopic))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Traffic through every service; answers when the last customer wrote. */
    private Instant realTraffic() {
        // Meta: a conversation with the welcome message, an agent's reply read; the reminder follows.
        String ana = randomWaId();
        String anasTicket = conversation("demo", ana, "Where is order 4711?");
        replyAndAwait(anasTicket, "It ships today.", "read");

        // Twilio: a conversation and a reply delivered.
        String ben = randomWaId();
        customerWrites("demo-twilio", ben, "Hi from Twilio");
        replyAndAwait(ticketOf("demo-twilio", ben), "Hello Ben", "delivered");

        // Files: a customer's image fetched and stored, an agent's PDF uploaded and sent.
        String cleo = randomWaId();
        Instant last = Instant.now();
        assertThat(client.customerWrites("demo", cleo, Map.of("type", "image", "caption", "Broken",
                "mimeType", "image/jpeg", "content", Base64.getEncoder().encodeToString(randomBytes(60_000))))
                .body().path("ingressStatus").asInt()).isEqualTo(200);
        String cleosTicket = ticketOf("demo", cleo);
        await("the image stored").atMost(Duration.ofSeconds(60)).until(() -> inbound(client.ticket(cleosTicket).body())
                .stream().anyMatch(a -> a.path("media").path("status").asString().equals("stored")));
        StackClient.Answer file = client.replyWithFile(cleosTicket, "invoice.pdf", "application/pdf",
                randomBytes(40_000), "Your invoice");
        assertThat(file.status()).as("file: %s", file.body()).isEqualTo(202);
        awaitStatus(cleosTicket, file.body().path("id").asString(), "delivered");

        // The reminders of the Meta channel's customers, and their windows closed.
        for (String customer : List.of(ana, cleo)) {
            await("the reminder to " + customer).atMost(Duration.ofSeconds(60))
                    .until(() -> textsSentTo(customer).contains(REMINDER_TEXT));
            await("the window of " + customer + " closed").atMost(Duration.ofSeconds(60)).until(() -> WindowEvents
                    .of(stack.settings().kafkaBootstrapServers(), customer).stream()
                    .anyMatch(e -> e.getType() == WindowEventType.WINDOW_CLOSED));
        }
        return last;
    }

    /** The customer simulator sends a text message; ingress takes it. */
    private void customerWrites(String channelId, String customer, String text) {
        StackClient.Answer sent = client.customerWrites(channelId, customer, Map.of("type", "text", "text", text));
        assertThat(sent.body().path("ingressStatus").asInt()).as("%s", sent.body()).isEqualTo(200);
    }

    /** A customer's first message; answers the ticket it opens. */
    private String conversation(String channelId, String customer, String text) {
        customerWrites(channelId, customer, text);
        return ticketOf(channelId, customer);
    }

    private String ticketOf(String channelId, String customer) {
        return await("the ticket of " + customer).atMost(Duration.ofSeconds(60))
                .until(() -> firstTicket(client, channelId, customer), Optional::isPresent)
                .orElseThrow().path("id").asString();
    }

    private void replyAndAwait(String ticketId, String text, String status) {
        StackClient.Answer reply = client.reply(ticketId, Map.of("type", "text", "text", text));
        assertThat(reply.status()).as("reply: %s", reply.body()).isEqualTo(202);
        awaitStatus(ticketId, reply.body().path("id").asString(), status);
    }

    /** Waits for an article to reach a status or one after it (sent → delivered → read). */
    private void awaitStatus(String ticketId, String articleId, String status) {
        List<String> order = List.of("pending", "sent", "delivered", "read");
        await("article " + articleId + " " + status).atMost(Duration.ofSeconds(60))
                .until(() -> order.indexOf(article(client.ticket(ticketId).body(), articleId).path("status").asString())
                        >= order.indexOf(status));
    }

    private List<String> textsSentTo(String customer) {
        return client.sandboxMessagesTo(customer).stream()
                .map(m -> m.path("request").path("text").path("body").asString(""))
                .filter(text -> !text.isEmpty())
                .toList();
    }

    private boolean allCaughtUp() {
        return CONSUMING_SERVICES.stream().flatMap(s -> kafka.groupsOf(s + "-service").stream())
                .allMatch(g -> kafka.lag(g) == 0);
    }

    private Map<String, Map<String, List<String>>> dumpAll() {
        Map<String, Map<String, List<String>>> all = new LinkedHashMap<>();
        DATABASES.forEach(db -> all.put(db, stack.dumpDatabase(db, NOT_FROM_KAFKA)));
        return all;
    }

    /** Per database.table that differs: the rows only in the first state ("-") and only in the second ("+"). */
    private static Map<String, List<String>> differences(Map<String, Map<String, List<String>>> before,
                                                         Map<String, Map<String, List<String>>> after) {
        Map<String, List<String>> differences = new TreeMap<>();
        before.forEach((database, tables) -> {
            Set<String> names = new TreeSet<>(tables.keySet());
            names.addAll(after.get(database).keySet());
            for (String table : names) {
                List<String> was = tables.getOrDefault(table, List.of());
                List<String> is = after.get(database).getOrDefault(table, List.of());
                List<String> rows = new ArrayList<>();
                was.stream().filter(row -> !is.contains(row)).forEach(row -> rows.add("- " + row));
                is.stream().filter(row -> !was.contains(row)).forEach(row -> rows.add("+ " + row));
                if (!rows.isEmpty()) {
                    differences.put(database + ":" + table, rows);
                }
            }
        });
        return differences;
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
