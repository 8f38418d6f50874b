package dev.switchboard.ingress.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.Dialog360Channel;
import dev.switchboard.events.MetaChannel;
import dev.switchboard.events.Provider;
import dev.switchboard.events.TwilioChannel;
import dev.switchboard.ingress.channel.ChannelSettings.Channel;
import dev.switchboard.ingress.channel.ChannelSettings.Meta;
import dev.switchboard.ingress.channel.ChannelSettings.ProviderKind;
import dev.switchboard.ingress.channel.LiveChannels.Lookup;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;

/** Which channel is in effect for an id, as records of the channels topic arrive (the feed's calls, made directly). */
class LiveChannelsTest {

    private static final ChannelKeys KEYS = ChannelKeys.parse("k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    private static final ChannelKeys OTHER_KEYS = ChannelKeys.parse("k2:HxwdHh8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRo=");

    private final ChannelSettings file = new ChannelSettings(Map.of(
            "shared", new Channel(ProviderKind.META, new Meta(List.of("100"), Secret.of("file-secret"),
                    Secret.of("file-verify")), null, null),
            "file-only", new Channel(ProviderKind.META, new Meta(List.of("200"), Secret.of("file-only-secret"),
                    Secret.of("v")), null, null)));
    private final LiveChannels channels = new LiveChannels(file, KEYS,
            new StaticListableBeanFactory().getBeanProvider(ChannelFeed.class));

    @Test
    void withoutATopicRecordTheFilesChannelIsInEffect() {
        assertThat(channels.find("shared", ProviderKind.META)).isInstanceOfSatisfying(Lookup.Found.class,
                found -> assertThat(found.channel().meta().appSecret().reveal()).isEqualTo("file-secret"));
        assertThat(channels.find("shared", ProviderKind.TWILIO)).isInstanceOf(Lookup.Unknown.class);
        assertThat(channels.find("nobody", ProviderKind.META)).isInstanceOf(Lookup.Unknown.class);
    }

    @Test
    void theTopicsRecordWinsOverTheFileWithItsSecretsOpened() {
        channels.changed("shared", meta("shared", 1, KEYS, "topic-secret", "300", "301"));

        assertThat(channels.find("shared", ProviderKind.META)).isInstanceOfSatisfying(Lookup.Found.class, found -> {
            assertThat(found.channel().meta().appSecret().reveal()).isEqualTo("topic-secret");
            assertThat(found.channel().meta().verifyToken().matches("verify-shared")).isTrue();
            assertThat(found.channel().businessNumberIds()).containsExactlyInAnyOrder("300", "301");
        });
        assertThat(channels.inEffect(ProviderKind.META)).containsOnlyKeys("shared", "file-only")
                .hasEntrySatisfying("shared", c -> assertThat(c.businessNumberIds()).contains("300"));
    }

    @Test
    void aTombstoneBringsBackTheFilesChannelOrNone() {
        channels.changed("shared", meta("shared", 1, KEYS, "topic-secret", "300"));
        channels.changed("topic-only", meta("topic-only", 1, KEYS, "s", "400"));

        channels.changed("shared", null);
        channels.changed("topic-only", null);

        assertThat(channels.find("shared", ProviderKind.META)).isInstanceOfSatisfying(Lookup.Found.class,
                found -> assertThat(found.channel().meta().appSecret().reveal()).isEqualTo("file-secret"));
        assertThat(channels.find("topic-only", ProviderKind.META)).isInstanceOf(Lookup.Unknown.class);
    }

    @Test
    void aDisabledChannelIsDisabledWhateverTheFileSaysAndLeavesRouting() {
        channels.changed("shared", ChannelConfig.newBuilder(meta("shared", 2, KEYS, "s", "100")).setEnabled(false).build());

        assertThat(channels.find("shared", ProviderKind.META)).isInstanceOf(Lookup.Disabled.class);
        assertThat(channels.find("shared", ProviderKind.TWILIO)).isInstanceOf(Lookup.Unknown.class);
        assertThat(channels.inEffect(ProviderKind.META)).containsOnlyKeys("file-only");
    }

    @Test
    void aSecretSealedWithAKeyThisServiceLacksIsUnavailableNamingTheKeyButNotTheSecret() {
        channels.changed("sealed-elsewhere", meta("sealed-elsewhere", 1, OTHER_KEYS, "the-secret", "500"));

        assertThat(channels.find("sealed-elsewhere", ProviderKind.META)).isInstanceOfSatisfying(
                Lookup.SecretUnavailable.class, unavailable -> assertThat(unavailable.reason())
                        .contains("sealed-elsewhere").contains("'k2'").doesNotContain("the-secret"));
        assertThat(channels.inEffect(ProviderKind.META)).doesNotContainKey("sealed-elsewhere");
    }

    @Test
    void anUnusableRecordIsSkippedAndWhatWasInEffectStays() {
        channels.changed("shared", meta("shared", 1, KEYS, "good-secret", "300"));

        channels.changed("shared", meta("shared", 2, KEYS, "next-secret", "not-digits"));
        channels.changed("shared", ChannelConfig.newBuilder(meta("shared", 3, KEYS, "s", "300"))
                .setMeta(MetaChannel.newBuilder().build()).build());
        channels.changed("file-only", ChannelConfig.newBuilder(meta("file-only", 1, KEYS, "s", "200"))
                .setProvider(Provider.UNKNOWN).build());
        channels.changed("Bad Id", meta("Bad Id", 1, KEYS, "s", "600"));

        assertThat(channels.find("shared", ProviderKind.META)).isInstanceOfSatisfying(Lookup.Found.class,
                found -> assertThat(found.channel().meta().appSecret().reveal()).isEqualTo("good-secret"));
        assertThat(channels.find("file-only", ProviderKind.META)).isInstanceOfSatisfying(Lookup.Found.class,
                found -> assertThat(found.channel().meta().appSecret().reveal()).isEqualTo("file-only-secret"));
        assertThat(channels.find("Bad Id", ProviderKind.META)).isInstanceOf(Lookup.Unknown.class);
    }

    @Test
    void twilioAnd360dialogRecordsBecomeTheirChannels() {
        channels.changed("tw-live", ChannelConfig.newBuilder(base("tw-live", Provider.TWILIO, "whatsapp:+15550001234"))
                .setTwilio(TwilioChannel.newBuilder().setAccountSid("AC1")
                        .setAuthToken(KEYS.seal("tw-live", "auth")).setPublicUrl("https://hooks.example/tw-live").build())
                .build());
        channels.changed("d360-live", ChannelConfig.newBuilder(base("d360-live", Provider.DIALOG360, "700"))
                .setDialog360(Dialog360Channel.newBuilder().setWebhookToken(KEYS.seal("d360-live", "token")).build())
                .build());
        channels.changed("tw-bad-url", ChannelConfig.newBuilder(base("tw-bad-url", Provider.TWILIO, "whatsapp:+15550001234"))
                .setTwilio(TwilioChannel.newBuilder().setAccountSid("AC1")
                        .setAuthToken(KEYS.seal("tw-bad-url", "auth")).setPublicUrl("not a url").build())
                .build());

        assertThat(channels.find("tw-live", ProviderKind.TWILIO)).isInstanceOfSatisfying(Lookup.Found.class, found -> {
            assertThat(found.channel().twilio().authToken().reveal()).isEqualTo("auth");
            assertThat(found.channel().twilio().statusCallbackUrl()).isEqualTo("https://hooks.example/tw-live/status");
        });
        assertThat(channels.find("d360-live", ProviderKind.DIALOG360)).isInstanceOfSatisfying(Lookup.Found.class,
                found -> assertThat(found.channel().dialog360().webhookToken().matches("token")).isTrue());
        assertThat(channels.find("d360-live", ProviderKind.META)).isInstanceOf(Lookup.Unknown.class);
        assertThat(channels.find("tw-bad-url", ProviderKind.TWILIO)).isInstanceOf(Lookup.Unknown.class);
    }

    private static ChannelConfig meta(String id, long revision, ChannelKeys keys, String appSecret, String... numbers) {
        return ChannelConfig.newBuilder(base(id, Provider.META, numbers)).setRevision(revision)
                .setMeta(MetaChannel.newBuilder()
                        .setAppSecret(keys.seal(id, appSecret))
                        .setVerifyToken(keys.seal(id, "verify-" + id))
                        .build())
                .build();
    }

    private static ChannelConfig base(String id, Provider provider, String... numbers) {
        return ChannelConfig.newBuilder()
                .setChannelId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.now())
                .setProvider(provider)
                .setNumbers(java.util.Arrays.stream(numbers).map(n -> BusinessNumber.newBuilder().setId(n).build()).toList())
                .build();
    }
}
