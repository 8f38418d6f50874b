package dev.switchboard.reminder.timing;

import java.time.Instant;

/** A due timer, locked by the transaction that claimed it. */
public record TimerClaim(String conversationKey, Instant dueAt, int consecutiveFailures) {
}
