package dev.switchboard.outbound.dispatch;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;

import javax.sql.DataSource;

/**
 * The right to send for one channel: a PostgreSQL advisory lock held on a connection of its own for as long as
 * the dispatcher runs. Kafka's assignment decides where a channel is dispatched; this lock makes sure that a
 * replica which lost its partitions without noticing yet (a long GC pause, a missed heartbeat) cannot send at
 * the same time as the new owner. PostgreSQL releases it if the holder dies.
 */
final class ChannelLease implements AutoCloseable {

    private final Connection connection;
    private final long key;

    private ChannelLease(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /** Waits for the lease while {@code keepTrying} says so; null if it gave up. */
    static ChannelLease acquire(DataSource dataSource, String channelId, BooleanSupplier keepTrying)
            throws SQLException, InterruptedException {
        long key = key(channelId);
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            while (keepTrying.getAsBoolean()) {
                try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                    lock.setLong(1, key);
                    try (ResultSet rs = lock.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            return new ChannelLease(connection, key);
                        }
                    }
                }
                Thread.sleep(200);
            }
        } catch (SQLException | InterruptedException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return null;
    }

    /** True while the lock's connection is alive (and so the lock held). */
    boolean held() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try (connection; PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            unlock.setLong(1, key);
            unlock.execute();
        } catch (SQLException e) {
            // The connection is gone, and with it the lock.
        }
    }

    /** A stable 64-bit key per channel, in a namespace of its own ("SB" in the top bits). */
    static long key(String channelId) {
        CRC32 crc = new CRC32();
        crc.update(channelId.getBytes(StandardCharsets.UTF_8));
        return (0x5342L << 48) | crc.getValue();
    }
}
