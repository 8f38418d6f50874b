package dev.switchboard.reminder.intake;

import java.util.List;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands a whole poll to a handler as one list, in one database transaction (a few batch statements per poll, which
 * is what keeps intake fast). If that fails, the records are handed over one at a time, each in its own transaction,
 * so that the ones before a poison record are committed and the poison one is reported by its index: the error
 * handler retries it and then parks it on the dead-letter topic, and the partition moves on.
 */
@Component
class RecordBatches {

    private final TransactionTemplate transactions;

    RecordBatches(TransactionTemplate transactions) {
        this.transactions = transactions;
    }

    <V extends SpecificRecord> void apply(List<ConsumerRecord<String, SpecificRecord>> records, Class<V> type,
                                          Consumer<List<V>> handler) {
        try {
            List<V> values = records.stream().map(r -> value(r, type)).toList();
            transactions.executeWithoutResult(status -> handler.accept(values));
            return;
        } catch (RuntimeException batchFailed) {
            // One record spoils the batch: find it; the ones before it are committed one by one.
        }
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, SpecificRecord> record = records.get(i);
            try {
                V value = value(record, type);
                transactions.executeWithoutResult(status -> handler.accept(List.of(value)));
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
