package dev.switchboard.admin.reparse;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import dev.switchboard.admin.KafkaConnection;
import dev.switchboard.admin.SwitchboardAdmin;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.channel.LiveChannels;
import dev.switchboard.ingress.channel.LiveChannels.Lookup;
import dev.switchboard.ingress.parsing.WebhookParsing;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.ingress.webhook.ParsedWebhook.KeyedEvent;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code reparse --channel <id> --from <time> --to <time>}: parses again, with ingress's own code, the raw webhooks
 * of a channel received in [from, to), compares what they yield with what the typed topics hold for them, and
 * publishes the missing events with ingress's keys. The rules are {@link Reparse}'s; this class reads, prints and
 * writes.
 */
@Command(name = "reparse", mixinStandardHelpOptions = true,
        description = {"Parses a channel's raw webhooks of a period again with ingress's parsers and publishes the "
                + "events the first parse did not publish (consumers deduplicate).",
                "One line per body: what it yields now, what was published then, what is missing; a summary last. "
                        + "Exit 1 when a body could not be parsed or had problems, or (--dry-run) when events are "
                        + "missing."})
public final class ReparseCommand implements Callable<Integer> {

    /** On every event reparse publishes: the raw record it was parsed from, {@code <topic>-<partition>@<offset>}. */
    public static final String REPARSED_FROM_HEADER = "switchboard_reparsed_from";

    private static final List<Topic<? extends SpecificRecord>> TYPED_TOPICS =
            List.of(Topics.INBOUND_MESSAGES, Topics.INBOUND_STATUSES, Topics.ACCOUNT_EVENTS);
    private static final Duration CHANNELS_WAIT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--channel", required = true, paramLabel = "<id>", description = "the channel whose raw webhooks are re-parsed")
    String channelId;

    @Option(names = "--from", required = true, paramLabel = "<time>", converter = TimeConverter.class,
            description = "start of the period (received at or after): an ISO-8601 instant, or a duration back from now (PT2H)")
    Instant from;

    @Option(names = "--to", required = true, paramLabel = "<time>", converter = TimeConverter.class,
            description = "end of the period (received before), as --from")
    Instant to;

    @Option(names = "--all", description = "publish every event the bodies yield, not only the missing ones")
    boolean all;

    @Option(names = "--dry-run", description = "print the findings, publish nothing")
    boolean dryRun;

    @Option(names = "--channels-file", paramLabel = "<yaml>",
            description = "the channels file the services read (switchboard.channels.*, e.g. deploy/local/channels.yml;"
                    + " default: the .yml of $SPRING_CONFIG_ADDITIONAL_LOCATION, as the services are given it);"
                    + " the channels topic's channels win over it, as in ingress")
    Path channelsFile;

    @Option(names = "--channel-keys", paramLabel = "<keyId:base64,...>", defaultValue = "${env:SWITCHBOARD_CHANNEL_KEYS}",
            description = "keys that open the channels topic's sealed secrets (default: $SWITCHBOARD_CHANNEL_KEYS,"
                    + " which is better than the command line, where other users can see it)")
    String channelKeys;

    @Option(names = "--margin", paramLabel = "<duration>", defaultValue = "PT5M",
            description = "how far around the period the topics are looked at, for clocks and late acknowledgements"
                    + " (default: ${DEFAULT-VALUE})")
    Duration margin;

    /** Records of the channel on the raw topic that are not readable RawWebhooks (reported on stderr, skipped). */
    private int unreadable;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!from.isBefore(to)) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " must be before --to " + to);
        }
        try {
            Keys.channel(channelId);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--channel: " + e.getMessage());
        }
        Path file = channelsFile != null ? channelsFile
                : ChannelsInEffect.serviceChannelsFile(System.getenv("SPRING_CONFIG_ADDITIONAL_LOCATION"));
        LiveChannels channels = ChannelsInEffect.read(kafka.common(), ChannelsInEffect.file(file),
                ChannelKeys.parse(channelKeys), CHANNELS_WAIT);
        WebhookParsing parsing = new WebhookParsing(channels);

        List<Reparse.Finding> findings = new ArrayList<>();
        List<RawRecord> raws = rawWebhooks();
        Map<String, Reparse.Published> published = published(raws);
        for (RawRecord raw : raws) {
            findings.add(reparse(parsing, raw.raw(), raw.location(), published.get(raw.raw().getWebhookId())));
        }
        findings.forEach(finding -> out.println(finding.line()));

        List<Reparse.Finding> toPublish = findings.stream().filter(f -> !f.toPublish().isEmpty()).toList();
        int publishing = toPublish.stream().mapToInt(f -> f.toPublish().size()).sum();
        if (!dryRun && publishing > 0) {
            publish(toPublish);
        }
        int yielded = findings.stream().mapToInt(Reparse.Finding::yielded).sum();
        int already = findings.stream().mapToInt(Reparse.Finding::alreadyPublished).sum();
        int missing = findings.stream().mapToInt(f -> f.missing().size()).sum();
        long problems = findings.stream().filter(Reparse.Finding::hasProblems).count() + unreadable;
        out.printf("reparse of channel %s, %s to %s: bodies read %d (with problems %d), events yielded %d, already "
                        + "published %d, missing %d, published now %s%n", channelId, from, to, findings.size(), problems,
                yielded, already, missing, dryRun ? "0 (dry run: " + publishing + " would be)" : publishing);
        out.flush();
        return problems > 0 || (dryRun && publishing > 0) ? SwitchboardAdmin.FINDINGS : SwitchboardAdmin.OK;
    }

    /** A raw webhook and where it is on the raw topic ({@code <topic>-<partition>@<offset>}). */
    private record RawRecord(RawWebhook raw, String location) {
    }

    /** The channel's raw webhooks received in [from, to), in the order they are read. */
    private List<RawRecord> rawWebhooks() {
        EventDeserializer<RawWebhook> deserializer = new EventDeserializer<>();
        List<RawRecord> raws = new ArrayList<>();
        String key = Keys.channel(channelId);
        TopicScan.read(kafka, Topics.WEBHOOKS_RAW.name(), from.minus(margin), to.plus(margin), record -> {
            if (!key.equals(record.key()) || record.value() == null) {
                return;
            }
            String location = record.topic() + "-" + record.partition() + "@" + record.offset();
            RawWebhook raw;
            try {
                raw = deserializer.deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println(location + ": not a readable RawWebhook, skipped: " + e.getMessage());
                unreadable++;
                return;
            }
            if (channelId.equals(raw.getChannelId()) && !raw.getReceivedAt().isBefore(from)
                    && raw.getReceivedAt().isBefore(to)) {
                raws.add(new RawRecord(raw, location));
            }
        });
        return raws;
    }

    /**
     * What the typed topics hold for these webhooks: the first parse's events (published with the raw body, so within
     * the period and its margin) and those of any earlier reparse (later, but marked with {@value #REPARSED_FROM_HEADER}).
     */
    private Map<String, Reparse.Published> published(List<RawRecord> raws) {
        Map<String, Reparse.Published> published = new HashMap<>();
        raws.forEach(raw -> published.put(raw.raw().getWebhookId(), new Reparse.Published()));
        if (raws.isEmpty()) {
            return published;
        }
        long windowStart = from.minus(margin).toEpochMilli();
        long windowEnd = to.plus(margin).toEpochMilli();
        EventDeserializer<SpecificRecord> deserializer = new EventDeserializer<>();
        for (Topic<? extends SpecificRecord> topic : TYPED_TOPICS) {
            TopicScan.read(kafka, topic.name(), from.minus(margin), null, record -> {
                boolean inWindow = record.timestamp() >= windowStart && record.timestamp() < windowEnd;
                if (record.value() == null || (!inWindow && record.headers().lastHeader(REPARSED_FROM_HEADER) == null)) {
                    return;
                }
                SpecificRecord event;
                try {
                    event = deserializer.deserialize(record.topic(), record.value());
                } catch (RuntimeException e) {
                    return; // not ours to judge here: the topic's consumers park what they cannot read
                }
                Reparse.Published then = published.get(Reparse.rawWebhookIdOf(event));
                if (then != null) {
                    then.add(event);
                }
            });
        }
        return published;
    }

    private Reparse.Finding reparse(WebhookParsing parsing, RawWebhook raw, String location, Reparse.Published then) {
        Lookup lookup = parsing.channelOf(raw);
        if (!(lookup instanceof Lookup.Found found)) {
            String why = lookup instanceof Lookup.SecretUnavailable unavailable ? unavailable.reason()
                    : lookup instanceof Lookup.Disabled ? "channel " + raw.getChannelId() + " is disabled"
                    : "no " + raw.getProvider() + " channel " + raw.getChannelId() + " in the channels topic or"
                    + " --channels-file";
            return Reparse.notParsed(raw, location, why, then);
        }
        ParsedWebhook parsed;
        try {
            parsed = parsing.parse(raw, found.channel());
        } catch (RuntimeException e) {
            return Reparse.notParsed(raw, location, "the parser failed: " + e, then);
        }
        return Reparse.compare(raw, location, parsed, then, all);
    }

    private void publish(List<Reparse.Finding> findings) {
        EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            for (Reparse.Finding finding : findings) {
                byte[] from = finding.location().getBytes(StandardCharsets.UTF_8);
                for (KeyedEvent<?> event : finding.toPublish()) {
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic().name(), event.key(),
                            serializer.serialize(event.topic().name(), event.event()));
                    record.headers().add(REPARSED_FROM_HEADER, from);
                    acks.add(producer.send(record));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** An ISO-8601 instant, or a duration back from now. */
    static final class TimeConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return dev.switchboard.admin.TimeArgument.parse(value, Instant.now());
        }
    }
}
