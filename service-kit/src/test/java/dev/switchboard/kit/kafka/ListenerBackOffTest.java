package dev.switchboard.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

/** Failures in, the waits Spring Kafka gets out: an outage never ends the retries nor counts towards them. */
class ListenerBackOffTest {

    private static final Exception OUTAGE = new SQLTransientConnectionException("request timed out after 1000ms");
    private static final Exception POISON = new IllegalStateException("channel poison cannot be applied");
    private static final Exception READ_ONLY = new SQLException("cannot execute INSERT in a read-only transaction",
            "25006");

    private final ListenerBackOff backOff = new ListenerBackOff(2, Duration.ofMillis(200));

    /** The wait after each failure, as the error handler asks: told of the failure, then the next wait. */
    private List<Long> waits(BackOffExecution execution, Exception... failures) {
        List<Long> waits = new ArrayList<>();
        for (Exception failure : failures) {
            backOff.failedDelivery((ConsumerRecord<?, ?>) null, failure, 1);
            waits.add(execution.nextBackOff());
        }
        return waits;
    }

    @Test
    void anyOtherFailureIsRetriedTwice200MillisApartThenGivenUp() {
        assertThat(waits(backOff.start(), POISON, POISON, POISON))
                .containsExactly(200L, 200L, BackOffExecution.STOP);
        assertThat(waits(backOff.start(), READ_ONLY, READ_ONLY, READ_ONLY))
                .containsExactly(200L, 200L, BackOffExecution.STOP);
    }

    @Test
    void anOutageIsWaitedOutDoublingTo10SecondsAndNeverGivenUp() {
        BackOffExecution execution = backOff.start();
        List<Long> waits = waits(execution, OUTAGE, OUTAGE, OUTAGE, OUTAGE, OUTAGE, OUTAGE);
        assertThat(waits).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 10000L);
        for (int i = 0; i < 100; i++) {
            assertThat(waits(execution, OUTAGE)).containsExactly(10000L);
        }
    }

    @Test
    void failuresDuringAnOutageDoNotCountAndAnOutageStartsAgainFromItsFirstWait() {
        // poison once, then the database goes, comes back, and the record is still poison: 2 retries in all
        assertThat(waits(backOff.start(), POISON, OUTAGE, OUTAGE, OUTAGE, POISON, OUTAGE, POISON))
                .containsExactly(200L, 500L, 1000L, 2000L, 200L, 500L, BackOffExecution.STOP);
    }

    @Test
    void aBatchFailureIsToldTheSameWayAndEachRecordHasItsOwnCount() {
        BackOffExecution first = backOff.start();
        BackOffExecution second = backOff.start();
        backOff.failedDelivery((ConsumerRecords<?, ?>) null, OUTAGE, 1);
        assertThat(first.nextBackOff()).isEqualTo(500L);
        backOff.failed(POISON);
        assertThat(List.of(first.nextBackOff(), first.nextBackOff(), first.nextBackOff()))
                .containsExactly(200L, 200L, BackOffExecution.STOP);
        assertThat(second.nextBackOff()).isEqualTo(200L);
    }
}
