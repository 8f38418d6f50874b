package dev.switchboard.ticket.billing;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What a reply will cost, told to the agent before it is sent (the estimate and the reply's answer). Each WhatsApp
 * message is billed on its own (per-message pricing), so a reply of N files is N billable messages. Since
 * 2026-10-01 service replies inside the customer service window are billed per message too (before, they were
 * free); templates are billed by their catalogue category; a customer who came from a click-to-WhatsApp ad opens a
 * free entry point of 72 hours. Meta's own bill (the statuses' {@code pricing}) is what {@link ArticlePricing}
 * records; this is the forecast.
 */
public final class ReplyPricing {

    /** From this day service messages inside the window are billed per message. */
    public static final Instant SERVICE_BILLED_FROM = Instant.parse("2026-10-01T00:00:00Z");
    /** How long messages are free after a customer wrote from a click-to-WhatsApp ad. */
    public static final Duration FREE_ENTRY_POINT = Duration.ofHours(72);

    private ReplyPricing() {
    }

    /**
     * @param messages         how many WhatsApp messages the reply is (1, or one per file)
     * @param billableMessages how many of them Meta will bill
     * @param category         service, or the template's category in lower case (marketing, utility,
     *                         authentication), or unknown (a template of a channel without catalogue)
     * @param free             no message of it is billed
     * @param reason           why, in a sentence for the agent
     */
    public record Estimate(int messages, int billableMessages, String category, boolean free, String reason) {
    }

    /**
     * @param template         a template message (else free-form content: a service reply)
     * @param templateCategory the template's category in the channel's catalogue; null when unknown
     * @param adReferralAt     when the customer last wrote from a click-to-WhatsApp ad, or null
     */
    public static Estimate estimate(int messages, boolean template, String templateCategory, Instant adReferralAt,
                                    Instant now) {
        String category = !template ? "service"
                : templateCategory == null || templateCategory.isBlank() ? "unknown"
                : templateCategory.toLowerCase(Locale.ROOT);
        String count = messages == 1 ? "one message" : messages + " messages (one per file)";
        if (adReferralAt != null && now.isBefore(adReferralAt.plus(FREE_ENTRY_POINT))) {
            return new Estimate(messages, 0, category, true, "free entry point: the customer wrote from a"
                    + " click-to-WhatsApp ad at " + adReferralAt + ", messages are free for 72 hours");
        }
        if (template) {
            return new Estimate(messages, messages, category, false, "unknown".equals(category)
                    ? count + ", a template whose category is unknown (the channel has no catalogue): counted billable"
                    : count + ", a " + category + " template: billed per message");
        }
        if (now.isBefore(SERVICE_BILLED_FROM)) {
            return new Estimate(messages, 0, category, true, count
                    + ", a service reply inside the customer service window: free until 2026-10-01");
        }
        return new Estimate(messages, messages, category, false, count
                + ", a service reply inside the customer service window: billed per message since 2026-10-01");
    }
}
