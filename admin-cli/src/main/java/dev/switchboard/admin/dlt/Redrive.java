package dev.switchboard.admin.dlt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The rules of {@code dlt redrive}: where each dead letter goes back to (only where the recoverer's headers say:
 * never guessed), which ones were re-driven before, and what the copy is.
 *
 * <p>At most once per dead letter: every copy carries {@link DeadLetter#REDRIVEN_FROM}, and before sending, the
 * target partitions are read from the earliest chosen dead letter's parking time for those headers (a copy is written
 * after its dead letter was parked, so it cannot be earlier). Two runs at the same moment are not guarded.
 */
public final class Redrive {

    /**
     * How far before the earliest dead letter the target partitions are searched: the service that parked it and
     * the tool that copies it back stamp records with different clocks.
     */
    static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(15);

    public enum Outcome { REDRIVE, ALREADY_REDRIVEN, SKIPPED }

    /**
     * @param target the original topic-partition (null when skipped for lack of one)
     * @param detail where it was re-driven before, or why it is skipped
     */
    public record Decision(DeadLetter deadLetter, Outcome outcome, TopicPartition target, String detail) {
    }

    private Redrive() {
    }

    /** The original topic-partition the recoverer's headers name, if both headers are there. */
    public static Optional<TopicPartition> target(DeadLetter deadLetter) {
        Optional<String> topic = deadLetter.originalTopic();
        OptionalInt partition = deadLetter.originalPartition();
        return topic.isPresent() && partition.isPresent()
                ? Optional.of(new TopicPartition(topic.get(), partition.getAsInt()))
                : Optional.empty();
    }

    /** Per target partition, the time from which to search it for earlier copies. */
    public static Map<TopicPartition, Instant> searchFrom(List<DeadLetter> chosen) {
        Map<TopicPartition, Instant> from = new TreeMap<>(
                (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic()));
        for (DeadLetter deadLetter : chosen) {
            target(deadLetter).ifPresent(target -> from.merge(target,
                    deadLetter.timestamp().minus(CLOCK_SKEW_ALLOWANCE), (a, b) -> a.isBefore(b) ? a : b));
        }
        return from;
    }

    /**
     * @param redrivenAt     dead letter id ({@link DeadLetter#id()}) to where its copy was found
     * @param partitionCount the number of partitions of a topic, 0 when it does not exist
     * @param again          re-drive also dead letters that are re-driven copies parked again
     */
    public static List<Decision> decide(List<DeadLetter> chosen, Map<String, String> redrivenAt,
                                        ToIntFunction<String> partitionCount, boolean again) {
        List<Decision> decisions = new ArrayList<>();
        for (DeadLetter deadLetter : chosen) {
            decisions.add(decide(deadLetter, redrivenAt, partitionCount, again));
        }
        return decisions;
    }

    private static Decision decide(DeadLetter deadLetter, Map<String, String> redrivenAt,
                                   ToIntFunction<String> partitionCount, boolean again) {
        if (deadLetter.originalTopic().isEmpty()) {
            return skipped(deadLetter, "no " + DeadLetter.ORIGINAL_TOPIC + " header: where it came from is not guessed");
        }
        Optional<TopicPartition> found = target(deadLetter);
        if (found.isEmpty()) {
            return skipped(deadLetter, "no 4-byte " + DeadLetter.ORIGINAL_PARTITION
                    + " header: its partition is not guessed");
        }
        TopicPartition target = found.get();
        String copy = redrivenAt.get(deadLetter.id());
        if (copy != null) {
            return new Decision(deadLetter, Outcome.ALREADY_REDRIVEN, target, copy);
        }
        if (!again && deadLetter.redrivenFrom().isPresent()) {
            return skipped(deadLetter, "the re-driven copy of " + deadLetter.redrivenFrom().get()
                    + " parked again: not re-driven twice unless --again");
        }
        int partitions = partitionCount.applyAsInt(target.topic());
        if (partitions == 0) {
            return skipped(deadLetter, "topic " + target.topic() + " does not exist");
        }
        if (target.partition() >= partitions) {
            return skipped(deadLetter, target.topic() + " has no partition " + target.partition());
        }
        return new Decision(deadLetter, Outcome.REDRIVE, target, null);
    }

    private static Decision skipped(DeadLetter deadLetter, String why) {
        return new Decision(deadLetter, Outcome.SKIPPED, null, why);
    }

    /**
     * The copy: to the original topic-partition, the same key and value bytes, the headers without the recoverer's
     * ({@code kafka_dlt-*}) and with {@link DeadLetter#REDRIVEN_FROM} naming this dead letter (replacing the one a
     * copy parked again carries). No timestamp: Kafka stamps it now, which the next run's search relies on.
     */
    public static ProducerRecord<String, byte[]> copy(DeadLetter deadLetter, TopicPartition target) {
        List<Header> headers = new ArrayList<>();
        for (Header header : deadLetter.headers()) {
            if (!header.key().startsWith(DeadLetter.DLT_HEADER_PREFIX)
                    && !header.key().equals(DeadLetter.REDRIVEN_FROM)) {
                headers.add(header);
            }
        }
        headers.add(new RecordHeader(DeadLetter.REDRIVEN_FROM, deadLetter.id().getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(target.topic(), target.partition(), null, deadLetter.key(), deadLetter.value(),
                headers);
    }
}
