package dev.switchboard.reminder.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.switchboard.reminder.conversation.Conversation;

/** What one batch of claimed timers decides, records and marks, without Kafka or a database. */
class FiringPlanTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration DELAY = Duration.ofHours(23);
    private static final Duration WINDOW = Duration.ofHours(24);

    private final WindowRules rules = new WindowRules(DELAY, WINDOW, Duration.ofDays(1));
    private final Map<String, String> texts = Map.of("shop", "Still there?");

    @Test
    void aBatchWhereSomeTimersAreObsoleteDecidesEachAndMovesOrRemovesEveryTimerItHolds() {
        Instant dueWindow = NOW.minus(DELAY).minusSeconds(5);
        Conversation due = conversation("shop:due", dueWindow, true, null, null);
        // A newer message moved its window after the timer was set: nothing to decide yet.
        Conversation moved = conversation("shop:moved", NOW.minusSeconds(60), true, null, null);
        Conversation ticketClosed = conversation("shop:closed", dueWindow, false, null, null);
        // A stale timer of a window already decided and closed (e.g. left by a replay): nothing left.
        Conversation done = conversation("shop:done", dueWindow, true, dueWindow, dueWindow);
        Conversation tooLate = conversation("shop:late", NOW.minus(WINDOW).minusSeconds(5), true, null, null);
        List<TimerClaim> claimed = claimed("shop:due", "shop:moved", "shop:closed", "shop:done", "shop:late",
                "shop:orphan", "shop:busy");

        FiringPlan plan = new FiringPlan(claimed, List.of(due, moved, ticketClosed, done, tooLate), Set.of("shop:busy"),
                texts::get, rules, NOW);

        assertThat(plan.toPublish()).extracting(FiringPlan.Fire::key).containsExactly("shop:due", "shop:late");
        assertThat(decision(plan, "shop:due")).isEqualTo(new Decision(Decision.Reminder.SENT, null));
        assertThat(decision(plan, "shop:moved").isNothing()).isTrue();
        assertThat(decision(plan, "shop:closed").reminder()).isEqualTo(Decision.Reminder.TICKET_NOT_OPEN);
        assertThat(decision(plan, "shop:done").isNothing()).isTrue();
        assertThat(decision(plan, "shop:late"))
                .isEqualTo(new Decision(Decision.Reminder.TOO_LATE, Decision.Close.ANNOUNCED));
        assertThat(plan.orphans()).containsExactly("shop:orphan");
        assertThat(plan.busy()).containsExactly("shop:busy");

        // Kafka acknowledged everything: every decision is recorded, every timer held is moved or removed.
        assertThat(plan.recorded(key -> true)).extracting(FiringPlan.Fire::key)
                .containsExactly("shop:due", "shop:closed", "shop:late");
        assertThat(plan.marks(key -> true)).containsExactlyInAnyOrder(
                new TimerMark("shop:due", dueWindow.plus(WINDOW), false),
                new TimerMark("shop:moved", NOW.minusSeconds(60).plus(DELAY), false),
                new TimerMark("shop:closed", dueWindow.plus(WINDOW), false),
                new TimerMark("shop:done", null, false),
                new TimerMark("shop:late", null, false),
                new TimerMark("shop:orphan", null, false));
    }

    @Test
    void aConversationWhoseRecordsKafkaDidNotAcknowledgeIsRetriedWithBackoffAndTheRestIsRecorded() {
        Instant window = NOW.minus(DELAY).minusSeconds(5);
        List<TimerClaim> claimed = List.of(new TimerClaim("shop:a", NOW, 0),
                new TimerClaim("shop:b", NOW, 2));
        FiringPlan plan = new FiringPlan(claimed, List.of(conversation("shop:a", window, true, null, null),
                conversation("shop:b", window, true, null, null)), Set.of(), texts::get, rules, NOW);

        assertThat(plan.recorded("shop:a"::equals)).extracting(FiringPlan.Fire::key).containsExactly("shop:a");
        assertThat(plan.marks("shop:a"::equals)).containsExactlyInAnyOrder(
                new TimerMark("shop:a", window.plus(WINDOW), false),
                // its third failure in a row: 1 s doubled twice
                new TimerMark("shop:b", NOW.plusSeconds(4), true));
        assertThat(FiringPlan.retryDelay(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(FiringPlan.retryDelay(40)).isEqualTo(Duration.ofMinutes(1));
    }

    private static Decision decision(FiringPlan plan, String key) {
        return plan.fires().stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow().decision();
    }

    private static List<TimerClaim> claimed(String... keys) {
        return java.util.Arrays.stream(keys).map(k -> new TimerClaim(k, NOW.minusSeconds(1), 0)).toList();
    }

    private static Conversation conversation(String key, Instant last, boolean ticketOpen, Instant reminderFor,
                                             Instant closedFor) {
        String customer = key.substring(key.indexOf(':') + 1);
        return new Conversation(key, "shop", customer, customer, null, "Ana", "wamid." + customer, last, null, "T-1",
                ticketOpen, false, reminderFor, reminderFor == null ? null : "SENT", closedFor,
                closedFor == null ? null : "ANNOUNCED");
    }
}
