package dev.switchboard.ticket.outbox;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
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
public class Outbox implements OutboxWriter {

    private final JdbcClient jdbc;
    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();

    public Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public <V extends SpecificRecord> void add(Topic<V> topic, String key, V record) {
        // Serialised now, so that a record that cannot be serialised fails the transaction, not the relay.
        byte[] payload = serializer.serialize(topic.name(), record);
        jdbc.sql("insert into outbox (topic, record_key, payload) values (?, ?, ?)")
                .params(topic.name(), key, payload)
                .update();
    }

    /** Collects records and writes them with one statement, in the order they were added. */
    public Batch batch() {
        return new Batch();
    }

    /** Records collected for one {@code insert}; nothing is written before {@link #write()}. */
    public final class Batch implements OutboxWriter {

        private final List<String> topics = new ArrayList<>();
        private final List<String> keys = new ArrayList<>();
        private final List<byte[]> payloads = new ArrayList<>();

        private Batch() {
        }

        @Override
        public <V extends SpecificRecord> void add(Topic<V> topic, String key, V record) {
            topics.add(topic.name());
            keys.add(key);
            payloads.add(serializer.serialize(topic.name(), record));
        }

        /** Must run inside the transaction that changes the state the records describe. */
        public void write() {
            if (topics.isEmpty()) {
                return;
            }
            // "order by n": identity values are taken in the order the rows were added, which the relay keeps.
            jdbc.sql("""
                            insert into outbox (topic, record_key, payload)
                            select topic, record_key, payload
                            from unnest(?::text[], ?::text[], ?::bytea[]) with ordinality as v(topic, record_key, payload, n)
                            order by n
                            """)
                    .params(new SqlArrayValue("text", topics.toArray(String[]::new)),
                            new SqlArrayValue("text", keys.toArray(String[]::new)),
                            new SqlArrayValue("bytea", payloads.toArray(byte[][]::new)))
                    .update();
            topics.clear();
            keys.clear();
            payloads.clear();
        }
    }
}
