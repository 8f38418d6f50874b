package dev.switchboard.ticket.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.CapabilityChange;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.NumberQualityChange;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.testing.EventSender;

/**
 * Meta's number events on a registry channel with two numbers: {@code phone_number_quality_update} names a number by
 * its display number, whichever of the channel's numbers it is; its messaging limit comes as {@code current_limit}
 * (until February 2026) or {@code max_daily_conversations_per_business} (after).
 */
class NumberEventsTest extends RegistryTestBase {

    private final EventSender sender = new EventSender();

    @AfterEach
    void closeSender() {
        sender.close();
    }

    @Test
    void aThroughputUpgradeOfTheSecondNumberRaisesItsThroughputAndRepublishesTheChannel() {
        MetaAccount account = metaAccount();
        String second = digits();
        String secondDisplay = "+1 555-" + second.substring(0, 3) + "-" + second.substring(3, 7);
        String firstNumber = graphNumber(account.number(), account.display(), "CONNECTED", "GREEN", "STANDARD", "TIER_2K");
        String secondNumber = graphNumber(second, secondDisplay, "CONNECTED", "GREEN", "STANDARD", "TIER_2K");
        graphNumbers(account.wabaId(), firstNumber, secondNumber);
        STUB.on("GET", "/v27.0/" + second, 200, secondNumber);
        Answer created = admin("POST", "/api/admin/channels", account.createRequest()
                .replace("[\"" + account.number() + "\"]", "[\"" + account.number() + "\",\"" + second + "\"]"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        ChannelConfig before = decode(awaitPublished(account.channelId(), c -> c.getNumbers().size() == 2));
        assertThat(before.getNumbers()).extracting(BusinessNumber::getThroughput).containsExactly(80, 80);

        // Meta's payload since February 2026: no current_limit, the portfolio's limit instead.
        sender.send(Topics.ACCOUNT_EVENTS.name(), Keys.channel(account.channelId()), quality(account,
                NumberQualityChange.newBuilder().setDisplayPhoneNumber(secondDisplay.replaceAll("[^0-9]", ""))
                        .setEvent("THROUGHPUT_UPGRADE").setMaxDailyConversationsPerBusiness("TIER_10K").build()));

        ChannelConfig after = decode(awaitPublished(account.channelId(),
                c -> c.getRevision() > before.getRevision() && c.getNumbers().get(1).getThroughput() == 1000));
        assertThat(after.getNumbers().get(1).getId()).isEqualTo(second);
        assertThat(after.getNumbers().get(1).getMessagingLimit()).isEqualTo("TIER_10K");
        assertThat(after.getNumbers().get(0)).as("the other number is unchanged").isEqualTo(before.getNumbers().get(0));
        assertThat(admin("GET", "/api/admin/channels/" + account.channelId(), null).body().path("numbers").get(1)
                .path("throughput").asInt()).isEqualTo(1000);
    }

    @Test
    void theLimitComesFromCurrentLimitOrTheBusinessesLimitAsATierOrANumber() {
        BusinessNumber number = BusinessNumber.newBuilder().setId("1").setThroughput(80).setMessagingLimit("TIER_250")
                .build();

        assertThat(NumberEvents.changed(number, change("UPGRADE", "TIER_2K", "TIER_10K")).getMessagingLimit())
                .as("current_limit, while Meta sends it").isEqualTo("TIER_2K");
        assertThat(NumberEvents.changed(number, change("UPGRADE", null, "TIER_10K")).getMessagingLimit())
                .isEqualTo("TIER_10K");
        assertThat(NumberEvents.changed(number, change("DOWNGRADE", null, "1000")).getMessagingLimit())
                .isEqualTo("TIER_1K");
        BusinessNumber upgraded = NumberEvents.changed(number, change("THROUGHPUT_UPGRADE", null, null));
        assertThat(upgraded.getThroughput()).isEqualTo(1000);
        assertThat(upgraded.getMessagingLimit()).as("no limit reported: kept").isEqualTo("TIER_250");
    }

    @Test
    void aCapabilityUpdateWithOnlyTheBusinessesLimitSetsEveryNumbersLimit() {
        MetaAccount account = metaAccount();
        created(account);
        awaitPublished(account.channelId(), c -> c.getRevision() == 1);

        sender.send(Topics.ACCOUNT_EVENTS.name(), Keys.channel(account.channelId()), accountEvent(account,
                AccountEventType.BUSINESS_CAPABILITY, "business_capability_update")
                .setCapability(CapabilityChange.newBuilder().setMaxDailyConversationsPerBusiness("100000").build())
                .build());

        awaitPublished(account.channelId(), c -> c.getRevision() == 2
                && "TIER_100K".equals(c.getNumbers().get(0).getMessagingLimit()));
    }

    private static NumberQualityChange change(String event, String currentLimit, String perBusiness) {
        return NumberQualityChange.newBuilder().setDisplayPhoneNumber("15550001111").setEvent(event)
                .setCurrentLimit(currentLimit).setMaxDailyConversationsPerBusiness(perBusiness).build();
    }

    private static AccountEvent quality(MetaAccount account, NumberQualityChange change) {
        return accountEvent(account, AccountEventType.NUMBER_QUALITY, "phone_number_quality_update").setNumberQuality(change)
                .build();
    }
}
