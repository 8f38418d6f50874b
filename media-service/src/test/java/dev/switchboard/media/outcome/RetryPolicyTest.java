package dev.switchboard.media.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Backoff with jitter, Retry-After first, and the two limits that end retrying. */
class RetryPolicyTest {

    private static final Instant RECORDED = Instant.parse("2026-12-06T10:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(2), 10,
            Duration.ofMinutes(30));

    private Duration wait(int attempts, Instant now, Duration retryAfter) {
        RetryPolicy.Next next = policy.after(attempts, RECORDED, now, retryAfter);
        assertThat(next).isInstanceOf(RetryPolicy.Next.RetryAt.class);
        return Duration.between(now, ((RetryPolicy.Next.RetryAt) next).at());
    }

    @Test
    void waitsGrowExponentiallyWithJitterUpToTheMaximum() {
        for (int i = 0; i < 50; i++) {
            assertThat(wait(1, RECORDED, null)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
            assertThat(wait(3, RECORDED, null)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(12));
            assertThat(wait(9, RECORDED, null)).isLessThanOrEqualTo(Duration.ofMinutes(2));
        }
    }

    @Test
    void retryAfterComesFirstButNotBeyondTheMaximum() {
        assertThat(wait(1, RECORDED, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(wait(1, RECORDED, Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void givesUpAfterTheLastAttemptOrPastTheMaximumAge() {
        assertThat(policy.after(10, RECORDED, RECORDED, null))
                .isEqualTo(new RetryPolicy.Next.GiveUp("gave up after 10 attempts"));
        assertThat(policy.after(2, RECORDED, RECORDED.plus(Duration.ofMinutes(29).plusSeconds(59)), null))
                .isInstanceOf(RetryPolicy.Next.GiveUp.class);
    }
}
