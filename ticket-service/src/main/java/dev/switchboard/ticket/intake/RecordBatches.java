package dev.switchboard.ticket.intake;

import java.util.List;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch of records in one database transaction (fast: one commit per poll). If the batch fails, it is
 * applied again record by record, each in its own transaction, so that the records before a poison one are
 * committed and the poison one is reported by its index: the error handler retries it a few times and then parks
 * it on the dead-letter topic, and the partition moves on.
 */
@Component
public class RecordBatches {

    private static final Logger log = LoggerFactory.getLogger(RecordBatches.class);

    private final TransactionTemplate transactions;

    public RecordBatches(TransactionTemplate transactions) {
        this.transactions = transactions;
    }

    /**
     * Applies the batch with {@code wholeBatch} (all values at once, one transaction); if a record cannot be decoded
     * or {@code wholeBatch} fails, applies it with {@code handler} as {@link #apply(List, Class, Consumer)} does.
     */
    public <V extends SpecificRecord> void apply(List<ConsumerRecord<String, SpecificRecord>> records, Class<V> type,
                                                 Consumer<List<V>> wholeBatch, Consumer<V> handler) {
        List<V> values = values(records, type);
        if (values != null) {
            try {
                transactions.executeWithoutResult(status -> wholeBatch.accept(values));
                return;
            } catch (RuntimeException e) {
                log.warn("a batch of {} {} records could not be applied at once, applying it record by record: {}",
                        records.size(), type.getSimpleName(), e.toString());
            }
        }
        apply(records, type, handler);
    }

    public <V extends SpecificRecord> void apply(List<ConsumerRecord<String, SpecificRecord>> records, Class<V> type,
                                                 Consumer<V> handler) {
        try {
            transactions.executeWithoutResult(status -> records.forEach(r -> handler.accept(value(r, type))));
            return;
        } catch (RuntimeException batchFailed) {
            // Find the record that fails; the ones before it are committed one by one.
        }
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, SpecificRecord> record = records.get(i);
            try {
                transactions.executeWithoutResult(status -> handler.accept(value(record, type)));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " cannot be applied: " + e, e, i);
            }
        }
    }

    /** The records' values, or null if one of them is undecodable or of another type. */
    private static <V extends SpecificRecord> List<V> values(List<ConsumerRecord<String, SpecificRecord>> records,
                                                             Class<V> type) {
        List<V> values = new java.util.ArrayList<>(records.size());
        for (ConsumerRecord<String, SpecificRecord> record : records) {
            if (!type.isInstance(record.value())) {
                return null;
            }
            values.add(type.cast(record.value()));
        }
        return values;
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
