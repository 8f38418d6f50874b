package dev.switchboard.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.fuzz.WebhookMutator.Format;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookMutatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] META = """
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
            "messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},
            "contacts":[{"profile":{"name":"Anna Müller"},"wa_id":"4915112345678"}],
            "messages":[{"from":"4915112345678","id":"wamid.1","timestamp":"1700000000","type":"text",
            "text":{"body":"Grüß Gott 😀"}}]}}]}]}""".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TWILIO = ("MessageSid=SM1&SmsStatus=received&Body=hi+there&NumMedia=0"
            + "&To=whatsapp%3A%2B14123456789&From=whatsapp%3A%2B31612345678&AccountSid=AC1").getBytes(StandardCharsets.US_ASCII);

    private final WebhookMutator meta = new WebhookMutator(Format.JSON, List.of(META));
    private final WebhookMutator twilio = new WebhookMutator(Format.FORM, List.of(TWILIO));

    @Test
    void aBodyDependsOnlyOnTheSeedAndTheIndex() {
        for (long index = 0; index < 300; index++) {
            Mutation first = meta.mutate(42, index);
            Mutation again = new WebhookMutator(Format.JSON, List.of(META)).mutate(42, index);
            assertThat(again.body()).as("index %d", index).isEqualTo(first.body());
            assertThat(again.label()).isEqualTo(first.label());
            assertThat(twilio.mutate(42, index).body()).isEqualTo(twilio.mutate(42, index).body());
        }
        assertThat(meta.mutate(42, 1).body()).isNotEqualTo(meta.mutate(42, 2).body());
        assertThat(meta.mutate(42, 1).body()).isNotEqualTo(meta.mutate(43, 1).body());
    }

    @Test
    void everyKindOfItsFormatIsDrawnAndEveryBodyStaysBelowTheLimit() {
        for (WebhookMutator mutator : List.of(meta, twilio)) {
            Set<MutationKind> drawn = EnumSet.noneOf(MutationKind.class);
            for (long index = 0; index < 20_000; index++) {
                Mutation mutation = mutator.mutate(7, index);
                drawn.add(mutation.kind());
                assertThat(mutation.body().length).as("%s", mutation).isLessThanOrEqualTo(WebhookMutator.MAX_BODY);
            }
            assertThat(drawn).containsExactlyInAnyOrderElementsOf(MutationKind.of(mutator.format()));
            assertThat(drawn).doesNotContain(MutationKind.TOO_LARGE);
        }
        assertThat(MutationKind.of(Format.JSON)).contains(MutationKind.DUPLICATE_KEY).doesNotContain(MutationKind.MISSING_PARAM);
        assertThat(MutationKind.of(Format.FORM)).contains(MutationKind.BAD_PERCENT).doesNotContain(MutationKind.WRONG_TYPE);
    }

    @Test
    void hugeValuesAndLongArraysReachMegabytesButNotTheLimit() {
        int largest = 0;
        for (MutationKind kind : List.of(MutationKind.HUGE_STRING, MutationKind.LONG_ARRAY)) {
            for (long index = 0; index < 60; index++) {
                Mutation mutation = meta.mutate(3, index, kind);
                assertThat(mutation.kind()).isEqualTo(kind);
                assertThat(mutation.body().length).isLessThanOrEqualTo(WebhookMutator.MAX_BODY);
                assertThat(JSON.readTree(mutation.body()).isObject()).as("%s", mutation).isTrue();
                largest = Math.max(largest, mutation.body().length);
            }
        }
        assertThat(largest).isGreaterThan(1_000_000);
        Mutation form = twilio.mutate(3, 0, MutationKind.HUGE_VALUE);
        assertThat(form.body().length).isGreaterThan(1024).isLessThanOrEqualTo(WebhookMutator.MAX_BODY);
    }

    @Test
    void tooLargeBodiesAreMadeOnlyWhenAskedForAndExceedTheGivenLimit() {
        WebhookMutator withTooLarge = meta.withTooLarge(100_000);
        assertThat(withTooLarge.kinds()).contains(MutationKind.TOO_LARGE);
        assertThat(meta.kinds()).doesNotContain(MutationKind.TOO_LARGE);
        Mutation json = withTooLarge.mutate(1, 1, MutationKind.TOO_LARGE);
        assertThat(json.body().length).isGreaterThan(100_000);
        assertThat(JSON.readTree(json.body()).get("body").get("entry")).isNotNull();
        assertThat(twilio.withTooLarge(100_000).mutate(1, 1, MutationKind.TOO_LARGE).body().length).isGreaterThan(100_000);
    }

    @Test
    void nestingIsAimedAroundJacksonsDepthLimitOf500() {
        int deepest = 0;
        int shallowest = Integer.MAX_VALUE;
        int refused = 0;
        for (long index = 0; index < 200; index++) {
            Mutation mutation = meta.mutate(11, index, MutationKind.DEEP_NESTING);
            int depth = depth(mutation.body());
            deepest = Math.max(deepest, depth);
            shallowest = Math.min(shallowest, depth);
            try {
                JSON.readTree(mutation.body());
            } catch (JacksonException e) {
                refused++;
            }
        }
        assertThat(shallowest).isLessThan(500);
        assertThat(deepest).isGreaterThan(500).isLessThanOrEqualTo(620);
        assertThat(refused).as("bodies past the limit").isBetween(1, 199);
    }

    @Test
    void aDuplicateKeyIsWrittenTwiceAndJacksonKeepsTheLast() {
        for (long index = 0; index < 100; index++) {
            Mutation mutation = meta.mutate(5, index, MutationKind.DUPLICATE_KEY);
            String text = new String(mutation.body(), StandardCharsets.UTF_8);
            String name = mutation.label().replaceAll(".*\\.([^. \\[]+)(\\[\\d+])* (then|after) .*", "$1");
            Matcher key = Pattern.compile("\"" + Pattern.quote(name) + "\":").matcher(text);
            int times = 0;
            while (key.find()) {
                times++;
            }
            assertThat(times).as("%s: %s", mutation, text).isGreaterThanOrEqualTo(2);
            JsonNode first = JSON.readTree(mutation.body());
            assertThat(JSON.readTree(mutation.body())).isEqualTo(first);
        }
    }

    @Test
    void stringsGetBytesThatAreNotUtf8AndLoneSurrogateEscapes() {
        for (long index = 0; index < 100; index++) {
            for (MutationKind kind : List.of(MutationKind.INVALID_UTF8, MutationKind.TRUNCATED_UTF8)) {
                Mutation mutation = meta.mutate(9, index, kind);
                assertThat(isUtf8(mutation.body())).as("%s", mutation).isFalse();
            }
            Mutation surrogate = meta.mutate(9, index, MutationKind.LONE_SURROGATE);
            assertThat(new String(surrogate.body(), StandardCharsets.UTF_8)).containsPattern("\\\\uD[89A-F][0-9A-F]{2}");
            assertThat(JSON.readTree(surrogate.body()).isObject()).isTrue();
            Mutation form = twilio.mutate(9, index, MutationKind.INVALID_UTF8_VALUE);
            assertThat(form.body()).isNotEqualTo(TWILIO);
        }
    }

    @Test
    void formsLoseRepeatAndGarbleTheirParameters() {
        Mutation missing = twilio.mutate(2, 0, MutationKind.MISSING_PARAM);
        assertThat(params(missing)).hasSizeLessThan(params(TWILIO).size());
        Mutation duplicate = twilio.mutate(2, 0, MutationKind.DUPLICATE_PARAM);
        assertThat(params(duplicate)).hasSize(params(TWILIO).size() + 1);
        Mutation percent = twilio.mutate(2, 0, MutationKind.BAD_PERCENT);
        assertThat(new String(percent.body(), StandardCharsets.ISO_8859_1)).containsPattern("%($|[^0-9A-Fa-f]|.[^0-9A-Fa-f])");
        Mutation wrong = twilio.mutate(2, 0, MutationKind.WRONG_VALUE);
        assertThat(wrong.body()).isNotEqualTo(TWILIO);
        assertThatThrownBy(() -> twilio.mutate(2, 0, MutationKind.WRONG_TYPE)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> params(Mutation mutation) {
        return params(mutation.body());
    }

    private static List<String> params(byte[] form) {
        return List.of(new String(form, StandardCharsets.ISO_8859_1).split("&"));
    }

    private static int depth(byte[] body) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '[' || b == '{') {
                deepest = Math.max(deepest, ++depth);
            } else if (b == ']' || b == '}') {
                depth--;
            }
        }
        return deepest;
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
