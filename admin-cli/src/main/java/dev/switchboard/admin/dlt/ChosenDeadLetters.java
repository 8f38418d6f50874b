package dev.switchboard.admin.dlt;

import java.time.Instant;
import java.util.List;

import dev.switchboard.admin.KafkaConnection;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Where the dead letters are (the Kafka connection and the dead-letter topic) and the options that choose among them
 * ({@code dlt show}, {@code dlt redrive}).
 */
final class ChosenDeadLetters {

    @Mixin
    KafkaConnection kafka;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<dlt topic>", description = "the dead-letter topic, e.g. "
            + "whatsapp.inbound.messages.v1.dlt")
    String topic;

    @Option(names = "--since", paramLabel = "<time>", converter = TimeConverter.class,
            description = "only dead letters parked at or after this ISO-8601 instant or duration back from now "
                    + "(2026-11-01T00:00:00Z, PT2H, P1D)")
    Instant since;

    @Option(names = "--key", paramLabel = "<key>", description = "only dead letters with this key")
    String key;

    @Option(names = "--partition", paramLabel = "<p>", description = "only this partition of the dead-letter topic")
    Integer partition;

    @Option(names = "--offset", paramLabel = "<o>", description = "only the dead letter at this offset (with --partition)")
    Long offset;

    /** The dead-letter topics on the brokers of the options; the caller closes it. */
    DeadLetterTopics open() {
        return new DeadLetterTopics(kafka);
    }

    /** The chosen dead letters; a wrong choice or a topic that does not exist is a usage error (exit 2). */
    List<DeadLetter> read(DeadLetterTopics topics) {
        Selection selection;
        try {
            selection = new Selection(since, key, partition, offset);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return read(topics, topic, selection, spec);
    }

    static List<DeadLetter> read(DeadLetterTopics topics, String topic, Selection selection, CommandSpec spec) {
        if (topics.partitionCount(topic) == 0) {
            throw new ParameterException(spec.commandLine(), "topic " + topic + " does not exist");
        }
        return topics.read(topic, selection);
    }

    static final class TimeConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return Selection.time(value, Instant.now());
        }
    }
}
