package dev.switchboard.sandbox.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.TestChannels;

class TwilioMessageCheckTest {

    private static final List<Channel> ACCOUNT = TestChannels.demo().twilioAccount(TestChannels.TWILIO_ACCOUNT);

    /** A fixture's form, sent from the demo channel's sender (the fixtures use another number). */
    private static Map<String, List<String>> fixture(String name) {
        Map<String, List<String>> form = Fixtures.form(Fixtures.text("twilio/" + name));
        if (form.containsKey("From")) {
            form.put("From", List.of(TestChannels.TWILIO_SENDER));
        } else {
            form.remove("MessagingServiceSid");
            form.put("From", List.of(TestChannels.TWILIO_SENDER));
        }
        return form;
    }

    @ParameterizedTest
    @CsvSource({
            "outbound-request-freeform.synthetic.txt, text",
            "outbound-request-media.synthetic.txt, media",
            "outbound-request-template.synthetic.txt, template"})
    void acceptsTheRequestsOfTwilioSdk(String fixture, String type) {
        TwilioMessageCheck.Message message = TwilioMessageCheck.check(fixture(fixture), ACCOUNT);
        assertThat(message.channel().id()).isEqualTo("demo-twilio");
        assertThat(message.recipient()).isEqualTo("31612345678");
        assertThat(message.type()).isEqualTo(type);
        assertThat(message.statusCallback()).isEqualTo("https://example.com/twilio/status");
    }

    private static Map<String, List<String>> with(String key, String... values) {
        Map<String, List<String>> form = new LinkedHashMap<>(fixture("outbound-request-freeform.synthetic.txt"));
        if (values.length == 0) {
            form.remove(key);
        } else {
            form.put(key, new ArrayList<>(List.of(values)));
        }
        return form;
    }

    static Stream<Arguments> breaches() {
        Map<String, List<String>> noContent = with("Body");
        Map<String, List<String>> badVariables = with("ContentSid", "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        badVariables.put("ContentVariables", List.of("{not json"));
        return Stream.of(
                Arguments.of("no From", with("From"), 21603),
                Arguments.of("From not a sender of the account", with("From", "whatsapp:+15559999999"), 63007),
                Arguments.of("no To", with("To"), 21604),
                Arguments.of("To not E.164", with("To", "whatsapp:0151-123"), 21211),
                Arguments.of("To on another channel", with("To", "+31612345678"), 21910),
                Arguments.of("To is From", with("To", TestChannels.TWILIO_SENDER), 21266),
                Arguments.of("neither Body, MediaUrl nor ContentSid", noContent, 21602),
                Arguments.of("Body of 1601", with("Body", "b".repeat(1601)), 21617),
                Arguments.of("MediaUrl not http", with("MediaUrl", "file:///etc/passwd"), 21620),
                Arguments.of("ContentSid not HX…", with("ContentSid", "HX123"), 21655),
                Arguments.of("ContentVariables not a JSON object", badVariables, 21656),
                Arguments.of("StatusCallback not a URL", with("StatusCallback", "not a url"), 21609));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaches")
    void refusesABreachWithTwilioError(String breach, Map<String, List<String>> form, int code) {
        assertThatThrownBy(() -> TwilioMessageCheck.check(form, ACCOUNT))
                .isInstanceOfSatisfying(TwilioMessageCheck.Invalid.class, invalid -> {
                    assertThat(invalid.error().code()).isEqualTo(code);
                    assertThat(invalid.error().httpStatus()).isEqualTo(400);
                    var json = Fixtures.JSON.readTree(invalid.error().toJson());
                    // The keys of Twilio's REST error (fixture rest-error-response.json), "details" being optional.
                    assertThat(Fixtures.shape(Fixtures.json("twilio/rest-error-response.json")))
                            .containsAll(Fixtures.shape(json));
                    assertThat(json.get("more_info").asString()).endsWith("/" + code);
                });
    }

    @ParameterizedTest
    @CsvSource({"1600", "1"})
    void aBodyUpTo1600Passes(int length) {
        assertThat(TwilioMessageCheck.check(with("Body", "b".repeat(length)), ACCOUNT).type()).isEqualTo("text");
    }
}
