package dev.switchboard.ticket.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.CapabilityChange;
import dev.switchboard.events.ChannelHealthState;
import dev.switchboard.events.Customer;
import dev.switchboard.events.FailureKind;
import dev.switchboard.events.NumberQualityChange;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.ProviderError;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.testing.EventSender;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/** Channel health: checks against the stubbed Graph API, Meta's account events, outbound's refused sends, metrics. */
class ChannelHealthTest extends RegistryTestBase {

    private final EventSender sender = new EventSender();

    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void closeSender() {
        sender.close();
    }

    @Test
    void aCheckThatFindsTheTokenRevokedMarksTheChannelCredentialsRefused() {
        MetaAccount account = metaAccount();
        created(account);
        TOKENS.remove(account.token());

        Answer checked = admin("POST", "/api/admin/channels/" + account.channelId() + "/check", null);

        assertThat(checked.status()).isEqualTo(200);
        JsonNode health = checked.body().path("health");
        assertThat(health.path("state").asString()).isEqualTo("CREDENTIALS_REFUSED");
        assertThat(health.path("error").path("code").asInt()).isEqualTo(190);
        assertThat(health.path("error").path("message").asString()).contains("Invalid OAuth access token");
        assertThat(health.path("detail").asString()).contains("generate a new system user token");
        assertThat(checked.body().path("revision").asLong()).isEqualTo(2);
        awaitPublished(account.channelId(), c -> c.getHealth().getState() == ChannelHealthState.CREDENTIALS_REFUSED);
        assertThat(meters.get("switchboard.channel.health").tags("channel", account.channelId(), "state",
                "CREDENTIALS_REFUSED").gauge().value()).isEqualTo(1);
        assertThat(meters.get("switchboard.channel.health").tags("channel", account.channelId(), "state", "HEALTHY")
                .gauge().value()).isZero();

        // a new token brings it back
        TOKENS.put(account.token(), java.util.List.of("whatsapp_business_management", "whatsapp_business_messaging"));
        assertThat(admin("POST", "/api/admin/channels/" + account.channelId() + "/check", null).body()
                .path("health").path("state").asString()).isEqualTo("HEALTHY");
    }

    @Test
    void aCheckTakesWhatMetaReportsOfEachNumber() {
        MetaAccount account = metaAccount();
        created(account);
        STUB.on("GET", "/v27.0/" + account.number(), 200, graphNumber(account.number(), account.display(), "FLAGGED",
                "RED", "HIGH", "TIER_10K"));

        Answer checked = admin("POST", "/api/admin/channels/" + account.channelId() + "/check", null);

        JsonNode number = checked.body().path("numbers").get(0);
        assertThat(number.path("quality").asString()).isEqualTo("RED");
        assertThat(number.path("throughput").asInt()).isEqualTo(1000);
        assertThat(number.path("messagingLimit").asString()).isEqualTo("TIER_10K");
        assertThat(checked.body().path("health").path("state").asString()).isEqualTo("DEGRADED");
        assertThat(checked.body().path("health").path("detail").asString()).contains("FLAGGED");
        awaitPublished(account.channelId(), c -> c.getNumbers().get(0).getThroughput() == 1000);
        assertThat(meters.get("switchboard.channel.number.quality").tags("channel", account.channelId(), "number",
                account.number(), "quality", "RED").gauge().value()).isEqualTo(1);
    }

    @Test
    void aNumberQualityEventUpdatesTheNumberAndRepublishes() {
        MetaAccount account = metaAccount();
        created(account);

        sender.send(Topics.ACCOUNT_EVENTS.name(), Keys.channel(account.channelId()), accountEvent(account,
                AccountEventType.NUMBER_QUALITY, "phone_number_quality_update")
                .setNumberQuality(NumberQualityChange.newBuilder()
                        .setDisplayPhoneNumber(account.display().replaceAll("[^0-9]", ""))
                        .setEvent("UPGRADE").setCurrentLimit("TIER_10K").setOldLimit("TIER_2K").build())
                .build());

        awaitPublished(account.channelId(), c -> c.getRevision() == 2
                && "TIER_10K".equals(c.getNumbers().get(0).getMessagingLimit()));
        assertThat(admin("GET", "/api/admin/channels/" + account.channelId(), null).body().path("numbers").get(0)
                .path("messagingLimit").asString()).isEqualTo("TIER_10K");

        sender.send(Topics.ACCOUNT_EVENTS.name(), Keys.channel(account.channelId()), accountEvent(account,
                AccountEventType.BUSINESS_CAPABILITY, "business_capability_update")
                .setCapability(CapabilityChange.newBuilder().setMaxDailyConversationPerPhone(100_000L).build())
                .build());
        awaitPublished(account.channelId(), c -> c.getRevision() == 3
                && "TIER_100K".equals(c.getNumbers().get(0).getMessagingLimit()));
    }

    @Test
    void aSendRefusedForTheChannelsCredentialsHasItCheckedAtOnce() {
        MetaAccount account = metaAccount();
        created(account);
        TOKENS.remove(account.token());

        sender.send(Topics.OUTBOUND_RESULTS.name(), Keys.conversation(account.channelId(), "4915100000000"),
                OutboundResult.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setRequestId(UUID.randomUUID().toString())
                        .setKind(OutboundKind.AGENT_REPLY)
                        .setChannelId(account.channelId())
                        .setRecipient(Customer.newBuilder().setWaId("4915100000000").build())
                        .setOutcome(OutboundOutcome.FAILED)
                        .setFailureKind(FailureKind.CHANNEL_UNAVAILABLE)
                        .setError(ProviderError.newBuilder().setCode(190).setMessage("Error validating access token").build())
                        .setRequestedAt(Instant.now())
                        .setCompletedAt(Instant.now())
                        .build());

        await().atMost(WAIT).untilAsserted(() -> assertThat(admin("GET", "/api/admin/channels/" + account.channelId(), null)
                .body().path("health").path("state").asString()).isEqualTo("CREDENTIALS_REFUSED"));
    }
}
