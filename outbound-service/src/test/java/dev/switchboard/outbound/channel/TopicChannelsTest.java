package dev.switchboard.outbound.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.Dialog360Channel;
import dev.switchboard.events.MetaChannel;
import dev.switchboard.events.Provider;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.outbound.channel.OutboundChannels.Channel;

/** A channel of the channels topic as outbound-service sends with it. */
class TopicChannelsTest {

    private static final ChannelKeys KEYS = ChannelKeys.parse("k1:" + key(1));

    @Test
    void aMetaChannelSendsWithItsOpenedTokenFromItsNumbersEachPacedAsItIsReported() {
        ChannelConfig config = meta("shop-2").setNumbers(List.of(
                        BusinessNumber.newBuilder().setId("111").setThroughput(1000).setMessagingLimit("TIER_10K").build(),
                        BusinessNumber.newBuilder().setId("222").setThroughput(80).setMessagingLimit("TIER_250").build()))
                .build();

        ChannelState state = TopicChannels.of(config, KEYS);

        assertThat(state).isInstanceOfSatisfying(ChannelState.Sending.class, sending -> {
            Channel channel = sending.channel();
            assertThat(channel.provider()).isEqualTo(OutboundChannels.Provider.META);
            assertThat(channel.meta().accessToken()).isEqualTo("the-token");
            // None named: the service's (switchboard.graph.version)
            assertThat(channel.meta().graphApiVersion()).isNull();
            assertThat(channel.numbers()).containsExactly("111", "222");
            assertThat(channel.throughput()).isEqualTo(1000);
            assertThat(channel.tier()).isEqualTo("10K");
            assertThat(sending.throughputOf("111")).isEqualTo(1000);
            assertThat(sending.throughputOf("222")).isEqualTo(80);
        });
    }

    @Test
    void aThroughputUpgradeOfTheSecondNumberRaisesOnlyItsPace() {
        ChannelConfig before = meta("shop-3").setNumbers(List.of(
                        BusinessNumber.newBuilder().setId("111").setThroughput(80).build(),
                        BusinessNumber.newBuilder().setId("222").setThroughput(80).build()))
                .setMeta(MetaChannel.newBuilder().setAccessToken(KEYS.seal("shop-3", "the-token"))
                        .setGraphApiVersion("v25.0").build())
                .build();
        // ticket-service's registry on THROUGHPUT_UPGRADE of 222: its throughput 1,000, a new revision
        ChannelConfig after = ChannelConfig.newBuilder(before).setRevision(2).setNumbers(List.of(
                BusinessNumber.newBuilder().setId("111").setThroughput(80).build(),
                BusinessNumber.newBuilder().setId("222").setThroughput(1000).build())).build();

        ChannelState.Sending was = (ChannelState.Sending) TopicChannels.of(before, KEYS);
        ChannelState.Sending is = (ChannelState.Sending) TopicChannels.of(after, KEYS);

        assertThat(was.throughputOf("111")).isEqualTo(80);
        assertThat(was.throughputOf("222")).isEqualTo(80);
        assertThat(is.throughputOf("111")).isEqualTo(80);
        assertThat(is.throughputOf("222")).isEqualTo(1000);
        assertThat(is.channel().meta().graphApiVersion()).isEqualTo("v25.0");
    }

    @Test
    void theAdminsOverridePacesEveryNumber() {
        ChannelConfig config = meta("shop-4").setThroughput(40).setNumbers(List.of(
                BusinessNumber.newBuilder().setId("111").setThroughput(1000).build(),
                BusinessNumber.newBuilder().setId("222").build())).build();

        ChannelState.Sending sending = (ChannelState.Sending) TopicChannels.of(config, KEYS);

        assertThat(sending.throughputOf("111")).isEqualTo(40);
        assertThat(sending.throughputOf("222")).isEqualTo(40);
    }

    @Test
    void aDisabledChannelIsHeld() {
        assertThat(TopicChannels.of(meta("shop-3").setEnabled(false).build(), KEYS))
                .isInstanceOf(ChannelState.Held.class);
    }

    @Test
    void aSecretSealedWithAKeyThisServiceLacksMakesItUnavailableNamingChannelAndKeyButNoSecret() {
        ChannelKeys other = ChannelKeys.parse("k9:" + key(9));
        ChannelConfig config = meta("shop-4").setMeta(MetaChannel.newBuilder()
                .setAccessToken(other.seal("shop-4", "secret-token-value")).build()).build();

        ChannelState state = TopicChannels.of(config, KEYS);

        assertThat(state).isInstanceOfSatisfying(ChannelState.Unavailable.class, unavailable -> assertThat(
                unavailable.reason()).contains("shop-4", "'k9'", "meta.accessToken").doesNotContain("secret-token-value"));
    }

    @Test
    void aSecretSealedForAnotherChannelDoesNotOpen() {
        ChannelConfig config = meta("shop-5").setMeta(MetaChannel.newBuilder()
                .setAccessToken(KEYS.seal("shop-elsewhere", "the-token")).build()).build();

        assertThat(TopicChannels.of(config, KEYS)).isInstanceOf(ChannelState.Unavailable.class);
    }

    @Test
    void aRecordWithoutWhatASendNeedsIsUnavailableSayingWhat() {
        ChannelConfig noNumbers = meta("shop-6").setNumbers(List.of()).build();

        assertThat(TopicChannels.of(noNumbers, KEYS)).isInstanceOfSatisfying(ChannelState.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("channel shop-6", "phone-number-ids"));
    }

    @Test
    void a360dialogChannelSendsWithItsKeyAndItsOwnBaseUrlIfAny() {
        ChannelConfig config = base("d360-1", Provider.DIALOG360)
                .setNumbers(List.of(BusinessNumber.newBuilder().setId("333").build()))
                .setDialog360(Dialog360Channel.newBuilder().setApiKey(KEYS.seal("d360-1", "d360-key")).build())
                .setThroughput(40).setTier("2K")
                .build();

        assertThat(TopicChannels.of(config, KEYS)).isInstanceOfSatisfying(ChannelState.Sending.class, sending -> {
            assertThat(sending.channel().dialog360()).isEqualTo(
                    new OutboundChannels.Dialog360("d360-key", List.of("333"), null));
            assertThat(sending.channel().throughput()).isEqualTo(40);
            assertThat(sending.channel().tier()).isEqualTo("2K");
        });
    }

    private static ChannelConfig.Builder base(String id, Provider provider) {
        return ChannelConfig.newBuilder().setChannelId(id).setRevision(1).setUpdatedAt(Instant.EPOCH)
                .setProvider(provider).setEnabled(true);
    }

    private static ChannelConfig.Builder meta(String id) {
        return base(id, Provider.META)
                .setNumbers(List.of(BusinessNumber.newBuilder().setId("111").build()))
                .setMeta(MetaChannel.newBuilder().setAccessToken(KEYS.seal(id, "the-token")).build());
    }

    private static String key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return Base64.getEncoder().encodeToString(key);
    }
}
