package dev.switchboard.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import dev.switchboard.events.InboundMessage;

/** The compatibility rule itself, on variants of a real schema: what it must accept and what it must refuse. */
class CompatibilityTest {

    private static final Schema CURRENT = InboundMessage.getClassSchema();

    /** The current schema's JSON with one textual edit, parsed as a new version. */
    private static Schema edited(String from, String to) {
        String json = CURRENT.toString();
        assertThat(json).contains(from);
        return new Schema.Parser().parse(json.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
    }

    private static final String FIRST_FIELD = "\"fields\":[{\"name\":\"eventId\"";

    @Test
    void acceptsTheSameSchema() {
        assertThat(Compatibility.problems(CURRENT, List.of(CURRENT))).isEmpty();
    }

    @Test
    void acceptsANewOptionalFieldWithADefault() {
        Schema next = edited(FIRST_FIELD,
                "\"fields\":[{\"name\":\"tenant\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"eventId\"");
        assertThat(Compatibility.problems(next, List.of(CURRENT))).isEmpty();
    }

    @Test
    void refusesANewRequiredField() {
        Schema next = edited(FIRST_FIELD, "\"fields\":[{\"name\":\"tenant\",\"type\":\"string\"},{\"name\":\"eventId\"");
        assertThat(Compatibility.problems(next, List.of(CURRENT)))
                .anySatisfy(p -> assertThat(p).startsWith("new readers cannot read data written with v1")
                        .contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
    }

    @Test
    void refusesRemovingAFieldOldReadersNeed() {
        Schema withoutEventId = edited("{\"name\":\"eventId\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"},"
                + "\"doc\":\"Unique id of this event (a redelivered webhook yields new event ids, same messageId).\"},", "");
        assertThat(Compatibility.problems(withoutEventId, List.of(CURRENT)))
                .anySatisfy(p -> assertThat(p).startsWith("v1 readers cannot read data written with the new schema"));
    }

    @Test
    void refusesChangingAFieldsType() {
        Schema next = edited("{\"name\":\"latitude\",\"type\":\"double\"}", "{\"name\":\"latitude\",\"type\":\"string\"}");
        assertThat(Compatibility.problems(next, List.of(CURRENT))).isNotEmpty();
    }

    @Test
    void acceptsANewEnumSymbolBecauseEveryEnumHasADefault() {
        Schema next = edited("\"symbols\":[\"META\",\"TWILIO\",\"DIALOG360\",\"UNKNOWN\"]",
                "\"symbols\":[\"META\",\"TWILIO\",\"DIALOG360\",\"GUPSHUP\",\"UNKNOWN\"]");
        assertThat(Compatibility.problems(next, List.of(CURRENT))).isEmpty();
    }

    @Test
    void refusesANewEnumSymbolWhereTheEnumHasNoDefault() {
        Schema old = edited("\"symbols\":[\"META\",\"TWILIO\",\"DIALOG360\",\"UNKNOWN\"],\"default\":\"UNKNOWN\"",
                "\"symbols\":[\"META\",\"TWILIO\",\"DIALOG360\",\"UNKNOWN\"]");
        Schema next = new Schema.Parser().parse(old.toString().replace(
                "\"symbols\":[\"META\",\"TWILIO\",\"DIALOG360\",\"UNKNOWN\"]",
                "\"symbols\":[\"META\",\"TWILIO\",\"DIALOG360\",\"GUPSHUP\",\"UNKNOWN\"]"));
        assertThat(Compatibility.problems(next, List.of(old)))
                .anySatisfy(p -> assertThat(p).contains("MISSING_ENUM_SYMBOLS"));
    }

    @Test
    void checksAgainstEveryEarlierVersionNotOnlyTheLatest() {
        Schema v2 = edited(FIRST_FIELD,
                "\"fields\":[{\"name\":\"tenant\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"eventId\"");
        // v3 makes the field added in v2 required: compatible with v2's data, not with v1's.
        Schema v3 = new Schema.Parser().parse(v2.toString().replace(
                "{\"name\":\"tenant\",\"type\":[\"null\",\"string\"],\"default\":null}",
                "{\"name\":\"tenant\",\"type\":[\"null\",\"string\"]}"));
        assertThat(Compatibility.problems(v3, List.of(CURRENT, v2)))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p).contains("v1"));
    }
}
