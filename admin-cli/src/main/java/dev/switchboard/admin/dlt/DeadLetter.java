package dev.switchboard.admin.dlt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of a dead-letter topic and what Spring Kafka's {@code DeadLetterPublishingRecoverer} wrote about it:
 * strings in UTF-8, the original partition as a 4-byte and the original offset and timestamp as 8-byte big-endian
 * numbers. When a record was parked more than once, the last header of a name is the one that counts.
 *
 * @param topic     the dead-letter topic
 * @param partition its partition
 * @param offset    its offset there
 * @param timestamp when it was parked
 * @param key       the record's key, as the original had it
 * @param value     the value bytes, as the original had them
 * @param headers   every header, in order
 */
public record DeadLetter(String topic, int partition, long offset, Instant timestamp, String key, byte[] value,
                         List<Header> headers) {

    /** Every header the recoverer writes starts with this; a re-drive leaves them all behind. */
    public static final String DLT_HEADER_PREFIX = "kafka_dlt-";
    public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    public static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
    public static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    public static final String EXCEPTION_CAUSE_FQCN = "kafka_dlt-exception-cause-fqcn";
    public static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    public static final String EXCEPTION_STACKTRACE = "kafka_dlt-exception-stacktrace";
    /** Written by {@code dlt redrive} on each copy: {@code <dlt topic>/<partition>/<offset>} of the dead letter. */
    public static final String REDRIVEN_FROM = "switchboard_redriven_from";

    public DeadLetter {
        headers = List.copyOf(headers);
    }

    public static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), record.value(),
                List.of(record.headers().toArray()));
    }

    /** {@code <dlt topic>/<partition>/<offset>}: what {@link #REDRIVEN_FROM} names. */
    public String id() {
        return topic + "/" + partition + "/" + offset;
    }

    /** {@code <dlt topic>-<partition>@<offset>}, as the commands print it. */
    public String where() {
        return topic + "-" + partition + "@" + offset;
    }

    public Optional<String> originalTopic() {
        return text(ORIGINAL_TOPIC);
    }

    /** Empty when the header is missing or not the 4 bytes the recoverer writes. */
    public OptionalInt originalPartition() {
        return last(ORIGINAL_PARTITION).filter(bytes -> bytes.length == Integer.BYTES)
                .map(bytes -> OptionalInt.of(ByteBuffer.wrap(bytes).getInt())).orElse(OptionalInt.empty());
    }

    public OptionalLong originalOffset() {
        return longHeader(ORIGINAL_OFFSET);
    }

    public Optional<Instant> originalTimestamp() {
        OptionalLong millis = longHeader(ORIGINAL_TIMESTAMP);
        return millis.isPresent() ? Optional.of(Instant.ofEpochMilli(millis.getAsLong())) : Optional.empty();
    }

    public Optional<String> exceptionClass() {
        return text(EXCEPTION_FQCN);
    }

    /** The root cause's class, which the recoverer names when the exception wraps one. */
    public Optional<String> causeClass() {
        return text(EXCEPTION_CAUSE_FQCN);
    }

    public Optional<String> exceptionMessage() {
        return text(EXCEPTION_MESSAGE);
    }

    /** Set when this dead letter is itself a re-driven copy that was parked again: the dead letter it copied. */
    public Optional<String> redrivenFrom() {
        return text(REDRIVEN_FROM);
    }

    /** The exception class and, when it differs, its root cause: what {@code dlt list} counts. */
    public String why() {
        String exception = exceptionClass().orElse("(no " + EXCEPTION_FQCN + " header)");
        return causeClass().filter(cause -> !cause.equals(exception))
                .map(cause -> exception + " caused by " + cause).orElse(exception);
    }

    Optional<byte[]> last(String name) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).key().equals(name)) {
                return Optional.ofNullable(headers.get(i).value());
            }
        }
        return Optional.empty();
    }

    private Optional<String> text(String name) {
        return last(name).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    private OptionalLong longHeader(String name) {
        return last(name).filter(bytes -> bytes.length == Long.BYTES)
                .map(bytes -> OptionalLong.of(ByteBuffer.wrap(bytes).getLong())).orElse(OptionalLong.empty());
    }
}
