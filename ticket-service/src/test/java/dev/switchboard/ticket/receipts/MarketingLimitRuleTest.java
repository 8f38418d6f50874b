package dev.switchboard.ticket.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.ticket.receipts.MarketingLimitRule.GiveUp;
import dev.switchboard.ticket.receipts.MarketingLimitRule.Retry;

/** 131049: retried after the configured delays with ids derived from the original's, or given up with a reason. */
class MarketingLimitRuleTest {

    private static final List<Duration> DELAYS = List.of(Duration.ofHours(12), Duration.ofHours(24));
    private static final Instant FAILED = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void theFirstFailureIsRetriedAfterTheFirstDelay() {
        assertThat(MarketingLimitRule.decide("req-1", FAILED, false, DELAYS))
                .isEqualTo(new Retry("req-1:retry1", "req-1", 1, 2, Instant.parse("2026-12-06T22:00:00Z")));
    }

    @Test
    void aFailedRetryIsRetriedAfterTheNextDelayCountedFromItsOwnFailure() {
        assertThat(MarketingLimitRule.decide("req-1:retry1", FAILED, false, DELAYS))
                .isEqualTo(new Retry("req-1:retry2", "req-1", 2, 2, Instant.parse("2026-12-07T10:00:00Z")));
    }

    @Test
    void afterTheLastRetryItGivesUpNamingTheDelays() {
        assertThat(MarketingLimitRule.decide("req-1:retry2", FAILED, false, DELAYS))
                .isEqualTo(new GiveUp("Meta's per-user marketing limit (131049): gave up after 12 h, 24 h"));
        assertThat(MarketingLimitRule.decide("req-1:retry1", FAILED, false,
                List.of(Duration.ofMinutes(90)))).isEqualTo(new GiveUp(
                "Meta's per-user marketing limit (131049): gave up after 90 min"));
    }

    @Test
    void aCustomerWhoStoppedMarketingOrNoDelaysMeansNoRetry() {
        assertThat(MarketingLimitRule.decide("req-1", FAILED, true, DELAYS)).isInstanceOf(GiveUp.class)
                .extracting(d -> ((GiveUp) d).reason()).asString().contains("stopped marketing messages");
        assertThat(MarketingLimitRule.decide("req-1", FAILED, false, List.of())).isInstanceOf(GiveUp.class)
                .extracting(d -> ((GiveUp) d).reason()).asString().contains("marketing-limit-retries is empty");
    }

    @Test
    void metasAndTwiliosCodesAreTheLimit() {
        assertThat(MarketingLimitRule.isMarketingLimit(131049)).isTrue();
        assertThat(MarketingLimitRule.isMarketingLimit(63049)).isTrue();
        assertThat(MarketingLimitRule.isMarketingLimit(131050)).isFalse();
        assertThat(MarketingLimitRule.isMarketingLimit(null)).isFalse();
    }

    @Test
    void theSettingIsReadAndCheckedWithItsName() {
        assertThat(new MarketingLimitSettings("12h,24h").delays())
                .containsExactly(Duration.ofHours(12), Duration.ofHours(24));
        assertThat(new MarketingLimitSettings(" PT30M , 2d ").delays())
                .containsExactly(Duration.ofMinutes(30), Duration.ofDays(2));
        assertThat(new MarketingLimitSettings("").delays()).isEmpty();
        assertThatThrownBy(() -> new MarketingLimitSettings("12h,tomorrow"))
                .hasMessageContaining("switchboard.tickets.marketing-limit-retries")
                .hasMessageContaining("SWITCHBOARD_MARKETING_LIMIT_RETRIES").hasMessageContaining("tomorrow");
        assertThatThrownBy(() -> new MarketingLimitSettings("0s"))
                .hasMessageContaining("switchboard.tickets.marketing-limit-retries").hasMessageContaining("positive");
    }
}
