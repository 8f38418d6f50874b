package dev.switchboard.sandbox.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Which references a send is counted under, and how, without the web layer. */
class ReferenceCountsTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    private static RecordedMessage sent(String provider, String request, String messageId, int status, long at) {
        JsonNode json = JSON.readTree(request);
        return new RecordedMessage(1, Instant.ofEpochMilli(at), "c", provider, "4915", "text", json, messageId, status,
                null, null, null);
    }

    @Test
    void callbackDataAndEveryReplyTokenOfTheTextAreReferencesTemplatesAndOtherTextsAreNot() {
        assertThat(ReferenceCounts.references(JSON.readTree("{\"biz_opaque_callback_data\":\"reminder:demo:49:1\","
                + "\"type\":\"template\",\"template\":{\"name\":\"reply:9\"}}"))).containsExactly("reminder:demo:49:1");
        assertThat(ReferenceCounts.references(JSON.readTree("{\"text\":{\"body\":\"reply:12 and reply:13, reply:x\"}}")))
                .containsExactly("reply:12", "reply:13");
        assertThat(ReferenceCounts.references(JSON.readTree("{\"Body\":\"see reply:7\",\"To\":\"whatsapp:+49\"}")))
                .containsExactly("reply:7");
        assertThat(ReferenceCounts.references(JSON.readTree("{\"biz_opaque_callback_data\":\"\"}"))).isEmpty();
        assertThat(ReferenceCounts.references(null)).isEmpty();
    }

    @Test
    void a360dialogSendCountsLikeMetasAndOnlyAnAnswerWithAnIdIsAnAcceptance() {
        ReferenceCounts counts = new ReferenceCounts();
        String body = "{\"biz_opaque_callback_data\":\"welcome:acme-360:49\",\"text\":{\"body\":\"Hi\"}}";
        counts.count(sent("360dialog", body, "wamid.1", 200, 1_000));
        counts.count(sent("360dialog", body, null, 400, 2_000));
        counts.count(sent("360dialog", body, "wamid.2", 200, 3_000));

        assertThat(counts.all()).containsOnlyKeys("welcome:acme-360:49");
        assertThat(counts.all().get("welcome:acme-360:49"))
                .isEqualTo(new ReferenceCounts.Sends(2, 1, java.util.List.of(1_000L, 3_000L)));
    }
}
