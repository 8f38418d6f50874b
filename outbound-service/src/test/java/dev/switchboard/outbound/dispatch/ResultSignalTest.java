package dev.switchboard.outbound.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ResultSignalTest {

    @Test
    void aResultCommittedBeforeTheRelayWaitsIsNotMissed() throws Exception {
        ResultSignal signal = new ResultSignal();
        signal.raise();
        assertThat(signal.await(Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void manyResultsWakeTheRelayOnceAndThenItWaitsAgain() throws Exception {
        ResultSignal signal = new ResultSignal();
        signal.raise();
        signal.raise();
        signal.raise();
        assertThat(signal.await(Duration.ofMinutes(1))).isTrue();
        assertThat(signal.await(Duration.ofMillis(1))).isFalse();
    }

    @Test
    void aRaiseFromAnotherThreadEndsTheWait() throws Exception {
        ResultSignal signal = new ResultSignal();
        Thread dispatcher = new Thread(signal::raise);
        dispatcher.start();
        assertThat(signal.await(Duration.ofMinutes(1))).isTrue();
        dispatcher.join();
    }
}
