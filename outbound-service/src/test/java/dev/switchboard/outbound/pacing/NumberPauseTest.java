package dev.switchboard.outbound.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class NumberPauseTest {

    private static final Duration BASE = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(10);

    private final NumberPause pause = new NumberPause(BASE, MAX);
    /** The dispatcher's clock, moved by hand. */
    private Instant now = Instant.parse("2026-11-21T10:00:00Z");

    private Instant send() {
        Instant sentAt = now;
        now = now.plusMillis(5);
        return sentAt;
    }

    private Instant throttled(Instant sentAt) {
        return pause.throttled(sentAt, now, null);
    }

    private void after(Instant until) {
        now = until;
    }

    @Test
    void aNumberNeverThrottledMaySend() {
        assertThat(pause.until()).isBefore(now);
    }

    @Test
    void a130429WithoutRetryAfterPausesTheNumberForTheBasePause() {
        Instant sentAt = send();

        assertThat(throttled(sentAt)).isEqualTo(now.plus(BASE));
        assertThat(pause.until()).isEqualTo(now.plus(BASE));
    }

    @Test
    void theRetryAfterOfTheAnswerIsThePause() {
        Instant sentAt = send();

        assertThat(pause.throttled(sentAt, now, Duration.ofMillis(2500))).isEqualTo(now.plusMillis(2500));
    }

    @Test
    void aRetryAfterLongerThanTheMaximumIsCutToIt() {
        Instant sentAt = send();

        assertThat(pause.throttled(sentAt, now, Duration.ofMinutes(5))).isEqualTo(now.plus(MAX));
    }

    @Test
    void eachFurther130429InARowDoublesThePauseUpToTheMaximum() {
        for (long expectedSeconds : new long[] {1, 2, 4, 8, 10, 10}) {
            Instant sentAt = send();
            Instant until = throttled(sentAt);
            assertThat(Duration.between(now, until)).isEqualTo(Duration.ofSeconds(expectedSeconds));
            after(until);
        }
        assertThat(pause.inARow()).isEqualTo(6);
    }

    @Test
    void anAcceptedSendResetsTheRun() {
        after(throttled(send()));
        after(throttled(send()));
        assertThat(pause.inARow()).isEqualTo(2);

        pause.accepted(send());
        Instant until = throttled(send());

        assertThat(pause.inARow()).isEqualTo(1);
        assertThat(Duration.between(now, until)).isEqualTo(BASE);
    }

    @Test
    void sendsAlreadyOnTheirWayWhenThe130429CameNeitherGrowNorResetThePause() {
        // Four sends leave within a few ms (1,000/s); the first answer is 130429, then the others answer.
        Instant first = send();
        Instant second = send();
        Instant third = send();
        Instant fourth = send();
        Instant until = throttled(first);

        now = now.plusMillis(2);
        assertThat(throttled(second)).isEqualTo(until);
        pause.accepted(third);
        assertThat(throttled(fourth)).isEqualTo(until);
        assertThat(pause.inARow()).isEqualTo(1);

        // The first send after the pause that is throttled again is the second in a row: the third's acceptance
        // left before the 130429 and did not reset it.
        after(until);
        Instant again = send();
        assertThat(Duration.between(now, throttled(again))).isEqualTo(BASE.multipliedBy(2));
    }

    @Test
    void aLateAnswerWithALongerRetryAfterStillLengthensThePause() {
        Instant first = send();
        Instant second = send();
        throttled(first);

        Instant until = pause.throttled(second, now, Duration.ofSeconds(3));

        assertThat(until).isEqualTo(now.plusSeconds(3));
        assertThat(pause.inARow()).isEqualTo(1);
    }

    @Test
    void aShorterPauseNeverCutsARunningOneShort() {
        Instant first = send();
        Instant until = pause.throttled(first, now, Duration.ofSeconds(5));

        pause.accepted(send());
        now = now.plusMillis(100);
        Instant sentAt = send();
        assertThat(throttled(sentAt)).isEqualTo(until);
    }

    @Test
    void theFailedRequestsOwnBackoffDoesNotLengthenThePause() {
        // Many failed attempts of one request (its backoff grows) are still one accepted send apart each time.
        for (int attempt = 1; attempt <= 5; attempt++) {
            Instant until = throttled(send());
            assertThat(Duration.between(now, until)).isEqualTo(BASE);
            after(until);
            pause.accepted(send());
        }
    }

    @Test
    void refusesAPauseThatIsNotPositiveOrAboveItsMaximum() {
        assertThatThrownBy(() -> new NumberPause(Duration.ZERO, MAX)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NumberPause(Duration.ofSeconds(11), MAX)).isInstanceOf(IllegalArgumentException.class);
    }
}
