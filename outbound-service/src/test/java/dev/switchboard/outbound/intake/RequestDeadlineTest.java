package dev.switchboard.outbound.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.Customer;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundTemplate;
import dev.switchboard.events.OutboundType;

/** When a queued request must have had its first attempt: the tier wait counts from when it may first go. */
class RequestDeadlineTest {

    private static final Instant NOW = Instant.parse("2026-12-06T18:00:00Z");
    private static final Duration QUOTA_MAX_WAIT = Duration.ofHours(24);

    private static OutboundRequest.Builder template() {
        return OutboundRequest.newBuilder().setRequestId("m1:retry2").setKind(OutboundKind.NOTIFICATION)
                .setChannelId("shop").setRecipient(Customer.newBuilder().setWaId("4915112345678").build())
                .setRequestedAt(NOW).setType(OutboundType.TEMPLATE).setBusinessInitiated(true)
                .setTemplate(OutboundTemplate.newBuilder().setName("offer").setLanguage("en").build());
    }

    @Test
    void aRequestScheduledADayAheadDoesNotExpireOnArrival() {
        Instant notBefore = NOW.plus(Duration.ofHours(24));

        assertThat(RequestIntake.deadline(template().setNotBefore(notBefore).build(), notBefore, QUOTA_MAX_WAIT))
                .isEqualTo(notBefore.plus(QUOTA_MAX_WAIT));
    }

    @Test
    void aRequestDueNowWaitsForTheTierFromNow() {
        assertThat(RequestIntake.deadline(template().build(), NOW, QUOTA_MAX_WAIT)).isEqualTo(NOW.plus(QUOTA_MAX_WAIT));
    }

    @Test
    void notAfterStillWins() {
        Instant notBefore = NOW.plus(Duration.ofHours(12));
        Instant notAfter = NOW.plus(Duration.ofHours(13));

        assertThat(RequestIntake.deadline(template().setNotBefore(notBefore).setNotAfter(notAfter).build(), notBefore,
                QUOTA_MAX_WAIT)).isEqualTo(notAfter);
    }

    @Test
    void aServiceWindowReplyHasNoDeadlineButItsNotAfter() {
        OutboundRequest reply = template().setBusinessInitiated(false).setKind(OutboundKind.AGENT_REPLY).build();

        assertThat(RequestIntake.deadline(reply, NOW, QUOTA_MAX_WAIT)).isNull();
    }
}
