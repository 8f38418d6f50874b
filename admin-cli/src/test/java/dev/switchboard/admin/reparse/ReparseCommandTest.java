package dev.switchboard.admin.reparse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import dev.switchboard.admin.SwitchboardAdmin;
import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.Provider;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.events.TwilioChannel;
import dev.switchboard.ingress.channel.LiveChannels;
import dev.switchboard.ingress.parsing.WebhookParsing;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.ingress.webhook.ParsedWebhook.KeyedEvent;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A period that ingress once parsed with a planted bug: the raw bodies are on the raw topic, but only part of their
 * typed events (every status and the second message of a batch body were dropped, as a buggy parser would have).
 * {@code reparse} run as an operator runs it publishes exactly the missing events, once.
 */
class ReparseCommandTest {

    private static final Path FIXTURES = Path.of("../ingress-service/src/test/resources/fixtures");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String META_NUMBER = "106540352242922";
    private static final String STATUS_NUMBER = "1122334455667";
    private static final String SECOND_MESSAGE_ID = "wamid.reparse-second-message";

    private static String bootstrap;

    @TempDir
    Path dir;

    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final String meta = "rp-meta-" + suffix;
    private final String other = "rp-other-" + suffix;
    private final String twilio = "rp-twilio-" + suffix;
    private final String keys = "test-key:" + Base64.getEncoder().encodeToString(new byte[32]);
    private final Instant from = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    private final Instant to = from.plus(Duration.ofMinutes(10));

    @BeforeAll
    static void topics() {
        bootstrap = SharedKafka.bootstrapServers();
        SharedKafka.createTopics(List.of(
                new NewTopic(Topics.WEBHOOKS_RAW.name(), 3, (short) 1),
                new NewTopic(Topics.INBOUND_MESSAGES.name(), 3, (short) 1),
                new NewTopic(Topics.INBOUND_STATUSES.name(), 3, (short) 1),
                new NewTopic(Topics.ACCOUNT_EVENTS.name(), 3, (short) 1),
                new NewTopic(Topics.CHANNELS.name(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
    }

    @Test
    void reparsesExactlyTheMissingEventsOnceAndLeavesOtherChannelsAndTimesAlone() throws Exception {
        Path channelsFile = channelsFile();
        publishTwilioChannelOnTheChannelsTopic();
        WebhookParsing parsing = parsingAsIngressHasIt(channelsFile);

        // The period, as ingress once parsed it with the planted bug.
        RawWebhook batch = raw(Provider.META, meta, "/webhooks/whatsapp/" + meta, from.plusSeconds(60), metaBatchBody());
        RawWebhook notJson = raw(Provider.META, meta, "/webhooks/whatsapp/" + meta, from.plusSeconds(120),
                "{\"entry\": [ this is not JSON".getBytes(StandardCharsets.UTF_8));
        RawWebhook twilioMessage = raw(Provider.TWILIO, twilio, "/webhooks/twilio/" + twilio, from.plusSeconds(180),
                fixture("twilio/inbound-text.txt"));
        RawWebhook twilioStatus = raw(Provider.TWILIO, twilio, "/webhooks/twilio/" + twilio + "/status",
                from.plusSeconds(240), fixture("twilio/status-delivered.txt"));
        // Not to be touched: another channel's body in the period, and the channel's bodies just outside it.
        RawWebhook otherChannels = raw(Provider.META, other, "/webhooks/whatsapp/" + other, from.plusSeconds(60),
                metaBatchBody());
        RawWebhook before = raw(Provider.META, meta, "/webhooks/whatsapp/" + meta, from.minusSeconds(60), metaBatchBody());
        RawWebhook after = raw(Provider.META, meta, "/webhooks/whatsapp/" + meta, to, metaBatchBody());

        Predicate<KeyedEvent<?>> buggyParserKept = e -> e.event() instanceof InboundMessage m
                && !m.getMessageId().equals(SECOND_MESSAGE_ID);
        Map<RawWebhook, ParsedWebhook> parsed = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (RawWebhook raw : List.of(batch, notJson, twilioMessage, twilioStatus, otherChannels, before, after)) {
                ParsedWebhook parse = parsing.parse(raw, parsing.channelOf(raw) instanceof LiveChannels.Lookup.Found f
                        ? f.channel() : null);
                parsed.put(raw, parse);
                plant(producer, raw, parse.keyedEvents().stream().filter(buggyParserKept).toList());
            }
        }
        assertThat(parsed.get(batch).keyedEvents()).hasSize(4); // two messages, delivered and read
        assertThat(parsed.get(notJson).problems()).isNotEmpty();
        Set<String> ours = parsed.keySet().stream().map(RawWebhook::getWebhookId).collect(Collectors.toSet());

        // Dry run: the findings, nothing published.
        Run dryRun = reparse(meta, "--channels-file", channelsFile.toString(), "--dry-run");
        assertThat(dryRun.exit).isEqualTo(SwitchboardAdmin.FINDINGS);
        assertThat(dryRun.bodyLines()).hasSize(2);
        assertThat(dryRun.line(batch)).contains("now 2 messages, 2 statuses, 0 account events",
                "then 1 message, 0 statuses, 0 account events",
                "missing message " + SECOND_MESSAGE_ID + ", status wamid.xyzxyz delivered, status wamid.xyzxyz read");
        assertThat(dryRun.line(notJson)).contains("now 0 messages", "missing none", "problems: body is not JSON");
        assertThat(dryRun.summary()).contains("bodies read 2 (with problems 1)", "events yielded 4",
                "already published 1", "missing 3", "published now 0 (dry run: 3 would be)");
        Map<String, Integer> afterDryRun = published(ours);
        assertThat(afterDryRun).isEqualTo(planted(parsed, buggyParserKept));

        // The run: exactly the missing events, with ingress's keys.
        Run run = reparse(meta, "--channels-file", channelsFile.toString());
        assertThat(run.bodyLines()).isEqualTo(dryRun.bodyLines());
        assertThat(run.summary()).contains("missing 3", "published now 3");
        assertThat(run.exit).isEqualTo(SwitchboardAdmin.FINDINGS); // the body that is not JSON stays a finding
        Map<String, Integer> expected = new HashMap<>(planted(parsed, buggyParserKept));
        parsed.get(batch).keyedEvents().forEach(e -> expected.put(describe(batch, e), 1));
        assertThat(published(ours)).isEqualTo(expected);

        // A second run finds nothing missing and publishes nothing.
        Run again = reparse(meta, "--channels-file", channelsFile.toString());
        assertThat(again.line(batch)).contains("then 2 messages, 2 statuses, 0 account events", "missing none");
        assertThat(again.summary()).contains("missing 0", "published now 0");
        assertThat(published(ours)).isEqualTo(expected);

        // The Twilio channel, known from the channels topic only (its auth token sealed).
        Run twilioRun = reparse(twilio, "--channel-keys", keys);
        assertThat(twilioRun.exit).as(twilioRun.out).isEqualTo(SwitchboardAdmin.OK);
        assertThat(twilioRun.line(twilioMessage)).contains("now 1 message, 0 statuses", "missing none");
        assertThat(twilioRun.line(twilioStatus)).contains("now 0 messages, 1 status",
                "missing status SMdf55df64a2ff4920bb0748193cfbb640 delivered");
        assertThat(twilioRun.summary()).contains("bodies read 2 (with problems 0)", "published now 1");
        parsed.get(twilioStatus).keyedEvents().forEach(e -> expected.put(describe(twilioStatus, e), 1));
        assertThat(published(ours)).isEqualTo(expected);
        assertThat(reparse(twilio, "--channel-keys", keys).summary()).contains("published now 0");
        assertThat(published(ours)).isEqualTo(expected);
    }

    @Test
    void withAllEveryEventIsPublishedAgainForTheConsumersToDeduplicate() throws Exception {
        Path channelsFile = channelsFile();
        WebhookParsing parsing = parsingAsIngressHasIt(channelsFile);
        RawWebhook batch = raw(Provider.META, meta, "/webhooks/whatsapp/" + meta, from.plusSeconds(30), metaBatchBody());
        ParsedWebhook parse = parsing.parse(batch, ((LiveChannels.Lookup.Found) parsing.channelOf(batch)).channel());
        try (KafkaProducer<String, byte[]> producer = producer()) {
            plant(producer, batch, parse.keyedEvents());
        }

        Run run = reparse(meta, "--channels-file", channelsFile.toString(), "--all");

        assertThat(run.exit).as(run.out + run.err).isEqualTo(SwitchboardAdmin.OK);
        assertThat(run.line(batch)).contains("missing none");
        assertThat(run.summary()).contains("already published 4", "missing 0", "published now 4");
        Map<String, Integer> twice = new HashMap<>();
        parse.keyedEvents().forEach(e -> twice.put(describe(batch, e), 2));
        assertThat(published(Set.of(batch.getWebhookId()))).isEqualTo(twice);
    }

    @Test
    void withoutTheChannelABodyIsReportedNotParsedAndNothingIsPublished() throws Exception {
        RawWebhook unknown = raw(Provider.META, meta, "/webhooks/whatsapp/" + meta, from.plusSeconds(30), metaBatchBody());
        try (KafkaProducer<String, byte[]> producer = producer()) {
            plant(producer, unknown, List.of());
        }

        Run run = reparse(meta);

        assertThat(run.exit).isEqualTo(SwitchboardAdmin.FINDINGS);
        assertThat(run.line(unknown)).contains("not parsed: no META channel " + meta);
        assertThat(run.summary()).contains("bodies read 1 (with problems 1)", "published now 0");
        assertThat(published(Set.of(unknown.getWebhookId()))).isEmpty();
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = SwitchboardAdmin.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("reparse", "--bootstrap-servers", bootstrap, "--channel", meta, "--from", to.toString(),
                "--to", from.toString());

        assertThat(exit).isEqualTo(SwitchboardAdmin.USAGE);
        assertThat(err.toString()).contains("must be before --to");
    }

    // ------------------------------------------------------------------------------------------------ the period

    /** One Meta body of four entries: two messages (the second a copy with its own id) and two statuses. */
    private byte[] metaBatchBody() throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(fixture("meta/inbound-text.json"));
        ArrayNode entries = (ArrayNode) body.get("entry");
        String image = new String(fixture("meta/inbound-image.json"), StandardCharsets.UTF_8)
                .replace("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", SECOND_MESSAGE_ID);
        for (JsonNode other : List.of(JSON.readTree(image), JSON.readTree(fixture("meta/status-delivered.json")),
                JSON.readTree(fixture("meta/status-read.json")))) {
            other.get("entry").forEach(entries::add);
        }
        return JSON.writeValueAsBytes(body);
    }

    private Path channelsFile() throws IOException {
        Path file = dir.resolve("channels.yml");
        Files.writeString(file, """
                switchboard:
                  channels:
                    %s:
                      provider: meta
                      meta:
                        phone-number-ids: ["%s", "%s"]
                        app-secret: ${REPARSE_TEST_UNSET_SECRET:meta-app-secret}
                        verify-token: meta-verify-token
                      group: support
                    %s:
                      provider: meta
                      meta:
                        phone-number-ids: ["%s", "%s"]
                        app-secret: another-app-secret
                        verify-token: another-verify-token
                """.formatted(meta, META_NUMBER, STATUS_NUMBER, other, META_NUMBER, STATUS_NUMBER));
        return file;
    }

    /** The Twilio channel as the registry writes it: on the channels topic, its auth token sealed. */
    private ChannelConfig twilioChannel() {
        return ChannelConfig.newBuilder()
                .setChannelId(twilio)
                .setRevision(1)
                .setUpdatedAt(Instant.now())
                .setProvider(Provider.TWILIO)
                .setNumbers(List.of(BusinessNumber.newBuilder().setId("whatsapp:+14123456789").build()))
                .setTwilio(TwilioChannel.newBuilder()
                        .setAccountSid("AC1a03647d811fab342c0ad608e382fab2")
                        .setAuthToken(ChannelKeys.parse(keys).seal(twilio, "twilio-auth-token"))
                        .setPublicUrl("https://hooks.example.com/webhooks/twilio/" + twilio)
                        .build())
                .build();
    }

    private void publishTwilioChannelOnTheChannelsTopic() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.CHANNELS.name(), twilio,
                    new EventSerializer<ChannelConfig>().serialize(Topics.CHANNELS.name(), twilioChannel()))).get();
        }
    }

    /** Ingress's parsing with the channels the tool will find: the file's, and the topic's Twilio channel. */
    private WebhookParsing parsingAsIngressHasIt(Path channelsFile) {
        LiveChannels channels = new LiveChannels(ChannelsInEffect.file(channelsFile), ChannelKeys.parse(keys),
                new StaticListableBeanFactory().getBeanProvider(ChannelFeed.class));
        channels.changed(twilio, twilioChannel());
        return new WebhookParsing(channels);
    }

    private static RawWebhook raw(Provider provider, String channelId, String path, Instant receivedAt, byte[] body) {
        return RawWebhook.newBuilder()
                .setWebhookId(UUID.randomUUID().toString())
                .setProvider(provider)
                .setChannelId(channelId)
                .setReceivedAt(receivedAt)
                .setContentType(provider == Provider.TWILIO ? "application/x-www-form-urlencoded" : "application/json")
                .setBody(ByteBuffer.wrap(body))
                .setPath(path)
                .build();
    }

    /** The raw record and the events ingress published then, at the time it received the body. */
    private static void plant(KafkaProducer<String, byte[]> producer, RawWebhook raw, List<KeyedEvent<?>> events)
            throws Exception {
        long time = raw.getReceivedAt().toEpochMilli();
        producer.send(new ProducerRecord<>(Topics.WEBHOOKS_RAW.name(), null, time, raw.getChannelId(),
                new EventSerializer<RawWebhook>().serialize(Topics.WEBHOOKS_RAW.name(), raw))).get();
        EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
        for (KeyedEvent<?> event : events) {
            producer.send(new ProducerRecord<>(event.topic().name(), null, time, event.key(),
                    serializer.serialize(event.topic().name(), event.event()))).get();
        }
    }

    private static Map<String, Integer> planted(Map<RawWebhook, ParsedWebhook> parsed, Predicate<KeyedEvent<?>> kept) {
        Map<String, Integer> planted = new HashMap<>();
        parsed.forEach((raw, parse) -> parse.keyedEvents().stream().filter(kept)
                .forEach(e -> planted.put(describe(raw, e), 1)));
        return planted;
    }

    /** An event as the test counts it: its webhook, topic, key, and what consumers deduplicate it by. */
    private static String describe(RawWebhook raw, KeyedEvent<?> event) {
        return describe(raw.getWebhookId(), event.topic().name(), event.key(), event.event());
    }

    private static String describe(String rawWebhookId, String topic, String key, SpecificRecord event) {
        String what = event instanceof InboundMessage m ? m.getMessageId()
                : event instanceof MessageStatus s ? s.getMessageId() + " " + s.getStatus()
                : ((AccountEvent) event).getField();
        return rawWebhookId + " " + topic + " " + key + " " + what;
    }

    /** Every typed event on the topics that came from one of these raw webhooks, with how often it is there. */
    private static Map<String, Integer> published(Set<String> rawWebhookIds) {
        Map<String, Integer> published = new HashMap<>();
        EventDeserializer<SpecificRecord> deserializer = new EventDeserializer<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : List.of(Topics.INBOUND_MESSAGES.name(), Topics.INBOUND_STATUSES.name(),
                    Topics.ACCOUNT_EVENTS.name())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        SpecificRecord event = deserializer.deserialize(topic, record.value());
                        String rawWebhookId = Reparse.rawWebhookIdOf(event);
                        if (rawWebhookIds.contains(rawWebhookId)) {
                            published.merge(describe(rawWebhookId, topic, record.key(), event), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        return published;
    }

    // ------------------------------------------------------------------------------------------------ the tool

    private record Run(int exit, String out, String err) {

        List<String> bodyLines() {
            return out.lines().filter(l -> !l.startsWith("reparse of channel")).toList();
        }

        String line(RawWebhook raw) {
            List<String> lines = out.lines().filter(l -> l.startsWith(raw.getWebhookId() + " ")).toList();
            assertThat(lines).as(out).hasSize(1);
            return lines.get(0);
        }

        String summary() {
            List<String> lines = out.lines().filter(l -> l.startsWith("reparse of channel")).toList();
            assertThat(lines).as(out + err).hasSize(1);
            return lines.get(0);
        }
    }

    private Run reparse(String channelId, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SwitchboardAdmin.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("reparse", "--bootstrap-servers", bootstrap, "--channel", channelId,
                "--from", from.toString(), "--to", to.toString()));
        args.addAll(List.of(options));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(FIXTURES.resolve(name));
    }
}
