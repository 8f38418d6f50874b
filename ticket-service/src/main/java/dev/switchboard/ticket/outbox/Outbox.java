package dev.switchboard.ticket.outbox;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Topic;

/**
 * Records to publish, written in the caller's database transaction: they exist if and only if the state change
 * they describe was committed. {@link OutboxRelay} publishes them afterwards, in order, at least once.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();

    public Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run inside the transaction that changes the state the record describes. */
    @Transactional(propagation = Propagation.MANDATORY)
    public <V extends SpecificRecord> void add(Topic<V> topic, String key, V record) {
        // Serialised now, so that a record that cannot be serialised fails the transaction, not the relay.
        byte[] payload = serializer.serialize(topic.name(), record);
        jdbc.sql("insert into outbox (topic, record_key, payload) values (?, ?, ?)")
                .params(topic.name(), key, payload)
                .update();
    }
}
