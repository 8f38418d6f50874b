package dev.switchboard.ticket.outbox;

import org.apache.avro.specific.SpecificRecord;

import dev.switchboard.schemas.Topic;

/** Where records to publish are written: the outbox row by row ({@link Outbox}), or a whole batch at once. */
public interface OutboxWriter {

    /** Must run inside the transaction that changes the state the record describes. */
    <V extends SpecificRecord> void add(Topic<V> topic, String key, V record);
}
