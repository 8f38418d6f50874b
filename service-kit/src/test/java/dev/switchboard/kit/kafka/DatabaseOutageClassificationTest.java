package dev.switchboard.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Failures in, "the database could not be reached" or not out: the chains the services' listeners really throw. */
class DatabaseOutageClassificationTest {

    /** What a batch listener's failure reaches the error handler as (RecordBatches, then Spring Kafka). */
    private static Exception asListenerFailure(Exception cause) {
        return new ListenerExecutionFailedException("listener failed",
                new BatchListenerFailedException("record t-0@3 cannot be applied: " + cause, cause, 0));
    }

    @Test
    void thePoolGettingNoConnectionIsAnOutage() {
        // Hikari's timeout, wrapped by the transaction manager when it begins a transaction
        SQLException refused = new SQLException("Connection to localhost:5432 refused", "08001",
                new ConnectException("Connection refused"));
        Exception hikari = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 1000ms", "08001", refused);
        assertThat(DatabaseOutage.causedBy(asListenerFailure(
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction", hikari))))
                .isTrue();
        // the same timeout without an SQLState (older pools), and JdbcTemplate's own wrapper
        assertThat(DatabaseOutage.causedBy(new CannotCreateTransactionException("Could not open JDBC Connection",
                new SQLTransientConnectionException("request timed out after 30000ms")))).isTrue();
        assertThat(DatabaseOutage.causedBy(asListenerFailure(
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")))).isTrue();
    }

    @Test
    void aConnectionLostOrRefusedByAServerGoingOrComingIsAnOutage() {
        for (String state : new String[] {"08000", "08003", "08006", "08001", "08004", "57P01", "57P02", "57P03"}) {
            SQLException lost = new SQLException("FATAL or I/O error", state);
            assertThat(DatabaseOutage.causedBy(asListenerFailure(
                    new DataAccessResourceFailureException("PreparedStatementCallback", lost)))).as(state).isTrue();
        }
        // a commit on a connection that died
        assertThat(DatabaseOutage.causedBy(new TransactionSystemException("Could not commit JDBC transaction",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        // a batch insert aborted by it: the cause is in the next exception
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 insert ... was aborted", "55000", 0,
                new int[0]);
        batch.setNextException(new SQLException("terminating connection due to administrator command", "57P01"));
        assertThat(DatabaseOutage.causedBy(asListenerFailure(new UncategorizedSQLException("batch", "insert",
                batch)))).isTrue();
    }

    @Test
    void aDatabaseThatAnswersAndRefusesIsNoOutage() {
        // read-only (a standby, default_transaction_read_only): the poison-record runbook parks these
        SQLException readOnly = new SQLException("ERROR: cannot execute INSERT in a read-only transaction", "25006");
        assertThat(DatabaseOutage.causedBy(asListenerFailure(
                new UncategorizedSQLException("PreparedStatementCallback", "insert", readOnly)))).isFalse();
        // a full disk, a constraint, a statement cancelled, a wrong password for a single connection
        for (String state : new String[] {"53100", "23505", "57014", "28P01", "42P01", "40001"}) {
            assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("refused",
                    new SQLException("refused", state)))).as(state).isFalse();
        }
        // a resource failure with no connection failure under it
        assertThat(DatabaseOutage.causedBy(new DataAccessResourceFailureException("disk full",
                new SQLException("could not extend file", "53100")))).isFalse();
        // a transaction that could not begin for another reason
        assertThat(DatabaseOutage.causedBy(new CannotCreateTransactionException("Could not open JDBC Connection",
                new IllegalStateException("already closed")))).isFalse();
    }

    @Test
    void aFailureWithoutADatabaseIsNoOutage() {
        assertThat(DatabaseOutage.causedBy(asListenerFailure(new IllegalStateException("channel poison")))).isFalse();
        assertThat(DatabaseOutage.causedBy(new ConnectException("Connection refused"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutage.causedBy(null)).isFalse();
    }

    @Test
    void aCycleInTheChainEnds() {
        IllegalStateException first = new IllegalStateException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(DatabaseOutage.causedBy(second)).isFalse();

        SQLException readOnly = new SQLException("read-only", "25006");
        SQLException wrapped = new SQLException("wrapped", "25006", readOnly);
        readOnly.setNextException(wrapped);
        assertThat(DatabaseOutage.causedBy(readOnly)).isFalse();
    }
}
