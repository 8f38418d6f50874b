package dev.switchboard.ticket.consent;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules of marketing consent, kept apart from the STOP/START opt-out: which {@code user_preferences} values
 * change it, and which change wins when they arrive late, twice or out of order (the newest by the provider's own
 * time; a change as old as the one kept, or older, changes nothing).
 */
public final class ConsentChange {

    /** Meta's user_preferences category of marketing messages. */
    public static final String MARKETING_MESSAGES = "marketing_messages";

    private ConsentChange() {
    }

    /**
     * Whether a {@code user_preferences} element opts the customer out of marketing (true) or in (false); empty for
     * another category or an unknown value.
     */
    public static Optional<Boolean> optedOut(String category, String value) {
        if (category == null || !MARKETING_MESSAGES.equals(category.trim().toLowerCase(Locale.ROOT)) || value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "stop" -> Optional.of(true);
            case "resume", "signup" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** Whether a change made at {@code changedAt} replaces the one kept, made at {@code keptAt} (null: none kept). */
    public static boolean wins(Instant changedAt, Instant keptAt) {
        return keptAt == null || changedAt.isAfter(keptAt);
    }
}
