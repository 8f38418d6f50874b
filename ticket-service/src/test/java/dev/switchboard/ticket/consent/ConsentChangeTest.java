package dev.switchboard.ticket.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which user_preferences change marketing consent, and which of two changes wins. */
class ConsentChangeTest {

    @Test
    void stopOptsOutResumeAndSignupOptIn() {
        assertThat(ConsentChange.optedOut("marketing_messages", "stop")).contains(true);
        assertThat(ConsentChange.optedOut("marketing_messages", "STOP ")).contains(true);
        assertThat(ConsentChange.optedOut("marketing_messages", "resume")).contains(false);
        assertThat(ConsentChange.optedOut("marketing_messages", "signup")).contains(false);
    }

    @Test
    void otherCategoriesAndValuesChangeNothing() {
        assertThat(ConsentChange.optedOut("utility_messages", "stop")).isEqualTo(Optional.empty());
        assertThat(ConsentChange.optedOut("marketing_messages", "later")).isEmpty();
        assertThat(ConsentChange.optedOut(null, "stop")).isEmpty();
        assertThat(ConsentChange.optedOut("marketing_messages", null)).isEmpty();
    }

    @Test
    void onlyANewerChangeWins() {
        Instant kept = Instant.parse("2026-12-06T10:00:00Z");
        assertThat(ConsentChange.wins(kept.plusSeconds(1), kept)).isTrue();
        assertThat(ConsentChange.wins(kept, kept)).as("a replay").isFalse();
        assertThat(ConsentChange.wins(kept.minusSeconds(1), kept)).as("a late older change").isFalse();
        assertThat(ConsentChange.wins(kept, null)).isTrue();
    }
}
