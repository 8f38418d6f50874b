package dev.switchboard.ticket.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.kit.jdbc.JdbcTime;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.ticket.outbox.Outbox;

/**
 * The {@code channel} table: each registry channel as the {@link ChannelConfig} last published (secrets sealed), and
 * its numbers (one channel each). Every change is written with its record for the channels topic in the same
 * transaction (the outbox), with the revision one higher: a channel row and what the other services know of it
 * never disagree for longer than the relay takes.
 */
@Repository
class ChannelStore {

    /** A registry channel and when it was created and last checked. */
    record Stored(ChannelConfig config, Instant createdAt, Instant checkedAt) {

        String id() {
            return config.getChannelId();
        }
    }

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final EventSerializer<ChannelConfig> serializer = new EventSerializer<>();
    private final EventDeserializer<ChannelConfig> deserializer = new EventDeserializer<>();

    ChannelStore(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /**
     * A new channel (its revision as given, usually 1).
     *
     * @throws RegistryRefusal 409 when the id or a number is taken
     */
    @Transactional
    public void insert(ChannelConfig config) {
        try {
            jdbc.sql("""
                            insert into channel (id, provider, enabled, revision, config, created_at, updated_at, checked_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(config.getChannelId(), config.getProvider().name(), config.getEnabled(), config.getRevision(),
                            encode(config), JdbcTime.timestamp(config.getUpdatedAt()),
                            JdbcTime.timestamp(config.getUpdatedAt()), JdbcTime.timestamp(config.getUpdatedAt()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw RegistryRefusal.conflict("channelId", "channel " + config.getChannelId() + " exists already");
        }
        writeNumbers(config);
        outbox.add(Topics.CHANNELS, Keys.channel(config.getChannelId()), config);
    }

    /**
     * Applies {@code change} to the channel as it is now (row locked); a change that alters it is stored with the
     * next revision and published. The change sees the current record, so concurrent changes (an admin's PATCH, a
     * health check, a quality event) never undo each other.
     *
     * @param change the new record (its revision and updatedAt are set here), or the same to change nothing
     * @return the channel after the change; empty when there is no such channel
     */
    @Transactional
    public Optional<ChannelConfig> update(String channelId, Instant now, UnaryOperator<ChannelConfig> change) {
        Optional<ChannelConfig> current = jdbc.sql("select config from channel where id = ? for update")
                .param(channelId).query((rs, n) -> decode(rs.getBytes(1))).optional();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        ChannelConfig before = current.get();
        ChannelConfig changed = change.apply(ChannelConfig.newBuilder(before).build());
        if (changed.equals(before)) {
            return current;
        }
        ChannelConfig after = ChannelConfig.newBuilder(changed).setRevision(before.getRevision() + 1).setUpdatedAt(now)
                .build();
        jdbc.sql("update channel set provider = ?, enabled = ?, revision = ?, config = ?, updated_at = ? where id = ?")
                .params(after.getProvider().name(), after.getEnabled(), after.getRevision(), encode(after),
                        JdbcTime.timestamp(now), channelId)
                .update();
        if (!after.getNumbers().equals(before.getNumbers())) {
            jdbc.sql("delete from channel_number where channel_id = ?").param(channelId).update();
            writeNumbers(after);
        }
        outbox.add(Topics.CHANNELS, Keys.channel(channelId), after);
        return Optional.of(after);
    }

    /** Removes the channel from the table and, with a tombstone, from the channels topic. */
    @Transactional
    public boolean delete(String channelId) {
        int deleted = jdbc.sql("delete from channel where id = ?").param(channelId).update();
        if (deleted > 0) {
            outbox.add(Topics.CHANNELS, Keys.channel(channelId), null);
        }
        return deleted > 0;
    }

    public void markChecked(String channelId, Instant at) {
        jdbc.sql("update channel set checked_at = ? where id = ?").params(JdbcTime.timestamp(at), channelId).update();
    }

    public Optional<Stored> find(String channelId) {
        return jdbc.sql("select config, created_at, checked_at from channel where id = ?").param(channelId)
                .query((rs, n) -> new Stored(decode(rs.getBytes(1)), JdbcTime.instant(rs, 2), JdbcTime.instant(rs, 3)))
                .optional();
    }

    public List<Stored> all() {
        return jdbc.sql("select config, created_at, checked_at from channel order by id")
                .query((rs, n) -> new Stored(decode(rs.getBytes(1)), JdbcTime.instant(rs, 2), JdbcTime.instant(rs, 3)))
                .list();
    }

    /** The enabled channels whose last check is older than {@code before}. */
    public List<String> dueForCheck(Instant before) {
        return jdbc.sql("select id from channel where enabled and (checked_at is null or checked_at < ?) order by checked_at nulls first")
                .param(JdbcTime.timestamp(before)).query(String.class).list();
    }

    /** The registry channel that has this number, if any. */
    public Optional<String> ownerOf(String numberId) {
        return jdbc.sql("select channel_id from channel_number where number_id = ?").param(numberId)
                .query(String.class).optional();
    }

    private void writeNumbers(ChannelConfig config) {
        for (BusinessNumber number : config.getNumbers()) {
            try {
                jdbc.sql("insert into channel_number (number_id, channel_id) values (?, ?)")
                        .params(number.getId(), config.getChannelId()).update();
            } catch (DuplicateKeyException e) {
                throw RegistryRefusal.conflict("numbers", "number " + number.getId() + " belongs to another channel");
            }
        }
    }

    private byte[] encode(ChannelConfig config) {
        return serializer.serialize(Topics.CHANNELS.name(), config);
    }

    private ChannelConfig decode(byte[] bytes) {
        return deserializer.deserialize(Topics.CHANNELS.name(), bytes);
    }
}
