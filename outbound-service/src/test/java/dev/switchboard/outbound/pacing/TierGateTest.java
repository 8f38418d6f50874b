package dev.switchboard.outbound.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The tier's gate for a business-initiated request: go (reserving a contact), wait for room, or fail. */
class TierGateTest {

    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00.123456789Z");
    private static final Instant OLDEST = NOW.minus(Duration.ofHours(20));
    private final TierGate gate = new TierGate(2, Duration.ofHours(24));

    @Test
    void aNewRecipientWithRoomGoesAndReservesItsContactToTheMicrosecond() {
        TierGate.Verdict verdict = gate.decide(new TierGate.Window(false, 1, OLDEST), NOW, null);

        assertThat(verdict).isEqualTo(new TierGate.Go(Instant.parse("2026-12-06T03:00:00.123456Z")));
    }

    @Test
    void aRecipientReachedInTheWindowGoesWithoutReservingEvenWhenTheTierIsFull() {
        assertThat(gate.decide(new TierGate.Window(true, 2, OLDEST), NOW, null)).isEqualTo(new TierGate.Go(null));
    }

    @Test
    void aNewRecipientOverTheTierWaitsUntilTheOldestContactLeavesTheWindow() {
        TierGate.Verdict verdict = gate.decide(new TierGate.Window(false, 2, OLDEST), NOW, NOW.plus(Duration.ofHours(5)));

        assertThat(verdict).isEqualTo(new TierGate.Wait(OLDEST.plus(TierQuota.WINDOW)));
    }

    @Test
    void itFailsWhenRoomComesOnlyAfterItsDeadlineOrAfterTheLongestWait() {
        Instant room = OLDEST.plus(TierQuota.WINDOW);

        assertThat(gate.decide(new TierGate.Window(false, 2, OLDEST), NOW, NOW.plus(Duration.ofHours(1))))
                .isEqualTo(new TierGate.Fail(room));
        assertThat(new TierGate(2, Duration.ofHours(3)).decide(new TierGate.Window(false, 2, OLDEST), NOW, null))
                .isEqualTo(new TierGate.Fail(room));
        assertThat(new TierGate(2, Duration.ofHours(5)).decide(new TierGate.Window(false, 2, OLDEST), NOW, null))
                .isEqualTo(new TierGate.Wait(room));
    }

    @Test
    void anUnlimitedTierIsNotChecked() {
        assertThat(new TierGate(Long.MAX_VALUE, Duration.ofHours(24)).unlimited()).isTrue();
        assertThat(gate.unlimited()).isFalse();
        assertThat(TierGate.windowStart(NOW)).isEqualTo(NOW.minus(Duration.ofHours(24)));
    }
}
