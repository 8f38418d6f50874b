package dev.switchboard.ticket.receipts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * @param marketingLimitRetries {@code switchboard.tickets.marketing-limit-retries}
 *                              ({@code SWITCHBOARD_MARKETING_LIMIT_RETRIES}): the delays after which a message Meta
 *                              refused for its per-user marketing limit (131049, Twilio 63049) is sent again, one
 *                              per retry, comma-separated ({@code 12h,24h}: a first retry 12 hours after the failure,
 *                              a second 24 hours after the first retry failed); empty: never retried
 */
@ConfigurationProperties("switchboard.tickets")
public record MarketingLimitSettings(@DefaultValue("12h,24h") String marketingLimitRetries) {

    private static final String NAME = "switchboard.tickets.marketing-limit-retries (SWITCHBOARD_MARKETING_LIMIT_RETRIES)";

    public MarketingLimitSettings {
        delays(marketingLimitRetries);
    }

    /** The delays, in order. */
    public List<Duration> delays() {
        return delays(marketingLimitRetries);
    }

    private static List<Duration> delays(String value) {
        List<Duration> delays = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return delays;
        }
        for (String part : value.split(",")) {
            Duration delay;
            try {
                delay = DurationStyle.detectAndParse(part.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(NAME + " must be comma-separated durations such as 12h,24h (or empty"
                        + " for no retry), but \"" + part.trim() + "\" in \"" + value + "\" is not a duration");
            }
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException(NAME + " must be positive durations, not " + part.trim());
            }
            delays.add(delay);
        }
        return List.copyOf(delays);
    }
}
