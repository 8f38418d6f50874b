package dev.switchboard.ticket.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.switchboard.ticket.billing.ReplyPricing.Estimate;

/** How many billable messages a reply is, told before it is sent. */
class ReplyPricingTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aServiceReplyInsideTheWindowIsBilledPerMessageSinceOctober2026() {
        Estimate files = ReplyPricing.estimate(3, false, null, null, NOW);
        assertThat(files).extracting(Estimate::messages, Estimate::billableMessages, Estimate::category, Estimate::free)
                .containsExactly(3, 3, "service", false);
        assertThat(files.reason()).contains("3 messages (one per file)").contains("billed per message since 2026-10-01");

        Estimate before = ReplyPricing.estimate(3, false, null, null, Instant.parse("2026-09-30T23:59:59Z"));
        assertThat(before.billableMessages()).isZero();
        assertThat(before.free()).isTrue();
    }

    @Test
    void aTemplateIsBilledByItsCatalogueCategory() {
        assertThat(ReplyPricing.estimate(1, true, "MARKETING", null, NOW))
                .extracting(Estimate::billableMessages, Estimate::category, Estimate::free).containsExactly(1, "marketing", false);
        Estimate unknown = ReplyPricing.estimate(1, true, null, null, NOW);
        assertThat(unknown.category()).isEqualTo("unknown");
        assertThat(unknown.reason()).contains("no catalogue");
    }

    @Test
    void aCustomerFromAClickToWhatsAppAdIsFreeFor72Hours() {
        Instant ad = NOW.minus(Duration.ofHours(71));
        Estimate free = ReplyPricing.estimate(2, false, null, ad, NOW);
        assertThat(free).extracting(Estimate::billableMessages, Estimate::free).containsExactly(0, true);
        assertThat(free.reason()).contains("free entry point");
        assertThat(ReplyPricing.estimate(2, false, null, NOW.minus(Duration.ofHours(72)), NOW).billableMessages())
                .isEqualTo(2);
    }
}
