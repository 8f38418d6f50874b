package dev.switchboard.kit.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.SealedSecret;

class ChannelKeysTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @Test
    void sealsWithTheFirstKeyAndOpensWithAny() {
        ChannelKeys old = ChannelKeys.parse("old:" + KEY_A);
        SealedSecret sealedBefore = old.seal("acme", "app-secret-1");
        ChannelKeys rotated = ChannelKeys.parse("new:" + KEY_B + ", old:" + KEY_A);

        SealedSecret sealedAfter = rotated.seal("acme", "app-secret-1");

        assertThat(sealedAfter.getKeyId()).isEqualTo("new");
        assertThat(rotated.open("acme", sealedBefore)).isEqualTo("app-secret-1");
        assertThat(rotated.open("acme", sealedAfter)).isEqualTo("app-secret-1");
        assertThat(old.canOpen(sealedAfter)).isFalse();
        assertThatThrownBy(() -> old.open("acme", sealedAfter))
                .isInstanceOf(ChannelKeys.SecretUnavailableException.class)
                .hasMessage("channel acme: its secret is sealed with key 'new', which is not in SWITCHBOARD_CHANNEL_KEYS");
    }

    @Test
    void theSealedBytesHideTheSecretAndDifferEachTime() {
        ChannelKeys keys = ChannelKeys.parse("k:" + KEY_B);
        SealedSecret first = keys.seal("acme", "my-secret-token");
        SealedSecret second = keys.seal("acme", "my-secret-token");

        assertThat(bytes(first)).isNotEqualTo(bytes(second));
        assertThat(new String(bytes(first), StandardCharsets.ISO_8859_1)).doesNotContain("my-secret-token");
    }

    @Test
    void aSecretSealedForOneChannelDoesNotOpenForAnother() {
        ChannelKeys keys = ChannelKeys.parse("k:" + KEY_B);
        SealedSecret sealed = keys.seal("acme", "token");

        assertThatThrownBy(() -> keys.open("other", sealed))
                .isInstanceOf(ChannelKeys.SecretUnavailableException.class)
                .hasMessageContaining("channel other: a secret sealed with key 'k' does not open");
    }

    @Test
    void aTamperedSecretDoesNotOpen() {
        ChannelKeys keys = ChannelKeys.parse("k:" + KEY_B);
        byte[] sealed = bytes(keys.seal("acme", "token"));
        sealed[sealed.length - 1] ^= 1;

        assertThatThrownBy(() -> keys.open("acme", new SealedSecret("k", ByteBuffer.wrap(sealed))))
                .isInstanceOf(ChannelKeys.SecretUnavailableException.class);
    }

    @Test
    void namesEveryProblemOfTheKeyListWithoutShowingAKey() {
        assertThatThrownBy(() -> ChannelKeys.parse("short:" + Base64.getEncoder().encodeToString(new byte[16])
                + ",nocolon,bad:%%%,k:" + KEY_A + ",k:" + KEY_B))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'short': 16 bytes, an AES-256 key is 32")
                .hasMessageContaining("key 2: expected keyId:base64")
                .hasMessageContaining("key 'bad': not base64")
                .hasMessageContaining("key 'k': named twice")
                .hasMessageNotContaining(KEY_B);
    }

    @Test
    void withoutKeysNothingSealsOrOpens() {
        ChannelKeys none = ChannelKeys.parse(" ");
        SealedSecret sealed = ChannelKeys.parse("k:" + KEY_A).seal("acme", "token");

        assertThat(none.canSeal()).isFalse();
        assertThat(none.canOpen(sealed)).isFalse();
        assertThatThrownBy(() -> none.seal("acme", "x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SWITCHBOARD_CHANNEL_KEYS");
    }

    private static byte[] bytes(SealedSecret sealed) {
        ByteBuffer buffer = sealed.getSealed().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
