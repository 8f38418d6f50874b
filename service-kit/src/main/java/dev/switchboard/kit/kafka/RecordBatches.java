package dev.switchboard.kit.kafka;

import java.util.List;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch listener's poll in one database transaction (fast: a few statements and one commit per poll). If
 * that fails, the records are applied one at a time, each in its own transaction, so that the ones before a poison
 * record are committed and the poison one is reported by its index ({@link BatchListenerFailedException}): the
 * error handler ({@link DeadLetters}) retries it and then parks it on the dead-letter topic, and the partition moves
 * on.
 */
public class RecordBatches {

    private static final Logger log = LoggerFactory.getLogger(RecordBatches.class);

    private final TransactionTemplate transactions;

    public RecordBatches(TransactionTemplate transactions) {
        this.transactions = transactions;
    }

    /** The whole poll to {@code handler} as one list; on failure, each record to it as a list of one. */
    public <V extends SpecificRecord> void applyAll(List<ConsumerRecord<String, SpecificRecord>> records,
                                                    Class<V> type, Consumer<List<V>> handler) {
        apply(records, type, handler, value -> handler.accept(List.of(value)));
    }

    /** Every record to {@code handler}, all in one transaction; on failure, each in a transaction of its own. */
    public <V extends SpecificRecord> void applyEach(List<ConsumerRecord<String, SpecificRecord>> records,
                                                     Class<V> type, Consumer<V> handler) {
        apply(records, type, values -> values.forEach(handler), handler);
    }

    /** The whole poll to {@code wholeBatch}; on failure, each record to {@code oneRecord}. */
    public <V extends SpecificRecord> void apply(List<ConsumerRecord<String, SpecificRecord>> records, Class<V> type,
                                                 Consumer<List<V>> wholeBatch, Consumer<V> oneRecord) {
        try {
            List<V> values = records.stream().map(r -> value(r, type)).toList();
            transactions.executeWithoutResult(status -> wholeBatch.accept(values));
            return;
        } catch (RuntimeException e) {
            log.warn("a batch of {} {} records could not be applied at once, applying it record by record: {}",
                    records.size(), type.getSimpleName(), e.toString());
        }
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, SpecificRecord> record = records.get(i);
            try {
                V value = value(record, type);
                transactions.executeWithoutResult(status -> oneRecord.accept(value));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " cannot be applied: " + e, e, i);
            }
        }
    }

    private static <V extends SpecificRecord> V value(ConsumerRecord<String, SpecificRecord> record, Class<V> type) {
        if (record.value() == null) {
            // ErrorHandlingDeserializer left the value out and put the failure in a header.
            var failure = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, null);
            throw new IllegalArgumentException("undecodable value" + (failure == null ? "" : ": " + failure.getMessage()),
                    failure);
        }
        if (!type.isInstance(record.value())) {
            throw new IllegalArgumentException("expected " + type.getSimpleName() + " but found "
                    + record.value().getClass().getSimpleName());
        }
        return type.cast(record.value());
    }
}
