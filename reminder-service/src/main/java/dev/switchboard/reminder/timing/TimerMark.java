package dev.switchboard.reminder.timing;

import java.time.Instant;

/**
 * What becomes of a fired timer.
 *
 * @param nextDue when it fires again; null to remove it (nothing left to decide)
 * @param failed  it could not fire (Kafka did not acknowledge its records): counted, and due again at nextDue
 */
public record TimerMark(String conversationKey, Instant nextDue, boolean failed) {
}
