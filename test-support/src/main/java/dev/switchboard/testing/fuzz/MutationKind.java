package dev.switchboard.testing.fuzz;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link WebhookMutator} did to a seed body. {@code weight} is how often a kind is drawn relative to the others:
 * the kinds that build megabytes (huge values, long arrays: about 1 in 500 and 1 in 1,200 bodies) are drawn rarely so that a
 * million bodies stay fast.
 */
public enum MutationKind {
    // JSON (Meta, 360dialog)
    /** A value at one of the seed's field paths replaced by one of another type (string for a number, array for an object, ...). */
    WRONG_TYPE(WebhookMutator.Format.JSON, 160),
    /** One to three fields removed from the seed's objects. */
    MISSING_FIELD(WebhookMutator.Format.JSON, 160),
    /** A string of 1 KB to a few MB at one of the seed's field paths. */
    HUGE_STRING(WebhookMutator.Format.JSON, 2),
    /** One of the seed's arrays with its elements repeated up to a few MB (thousands of messages, statuses, ...). */
    LONG_ARRAY(WebhookMutator.Format.JSON, 1),
    /** Arrays or objects nested 400 to 600 deep at one of the seed's field paths (Jackson 3 stops at 500). */
    DEEP_NESTING(WebhookMutator.Format.JSON, 120),
    /** A number of hundreds to thousands of digits (Jackson 3 stops at 1,000). */
    LONG_NUMBER(WebhookMutator.Format.JSON, 80),
    /** Bytes that are not UTF-8 inside a string (stray continuation bytes, 0xFF, overlong forms, encoded surrogates). */
    INVALID_UTF8(WebhookMutator.Format.JSON, 120),
    /** A multi-byte UTF-8 sequence cut short inside a string. */
    TRUNCATED_UTF8(WebhookMutator.Format.JSON, 80),
    /** A string holding a lone surrogate escape ({@code \uD800}, {@code \uDFFF}). */
    LONE_SURROGATE(WebhookMutator.Format.JSON, 80),
    /** A field written twice in its object (text splicing; the second value may be of another type). */
    DUPLICATE_KEY(WebhookMutator.Format.JSON, 160),
    /** A few bytes overwritten at random. */
    BYTE_DAMAGE(null, 80),
    /** The body cut at a random byte. */
    TRUNCATION(null, 80),
    /** Random bytes instead of a body. */
    RANDOM_BYTES(null, 60),
    // Twilio forms
    /** One to three parameters removed. */
    MISSING_PARAM(WebhookMutator.Format.FORM, 160),
    /** A parameter repeated, with its value or another one. */
    DUPLICATE_PARAM(WebhookMutator.Format.FORM, 160),
    /** A stray or malformed percent escape in a name or value. */
    BAD_PERCENT(WebhookMutator.Format.FORM, 160),
    /** A value of a kind its parameter never has (letters for a number, a huge number, NaN, empty). */
    WRONG_VALUE(WebhookMutator.Format.FORM, 160),
    /** A value of 1 KB to a few MB. */
    HUGE_VALUE(WebhookMutator.Format.FORM, 2),
    /** A value whose bytes, raw or percent-escaped, are not UTF-8. */
    INVALID_UTF8_VALUE(WebhookMutator.Format.FORM, 120),
    // both, only when asked for
    /** A body just above the size limit given to {@link WebhookMutator#withTooLarge(int)} (ingress answers 413). */
    TOO_LARGE(null, 0);

    /** null: both formats. */
    private final WebhookMutator.Format format;
    private final int weight;

    MutationKind(WebhookMutator.Format format, int weight) {
        this.format = format;
        this.weight = weight;
    }

    int weight() {
        return weight;
    }

    /** Whether this kind applies to bodies of {@code bodies}' format. */
    public boolean appliesTo(WebhookMutator.Format bodies) {
        return format == null || format == bodies;
    }

    /** The kinds a mutator for {@code format} draws from (without {@link #TOO_LARGE}). */
    public static List<MutationKind> of(WebhookMutator.Format format) {
        return Arrays.stream(values()).filter(k -> k.appliesTo(format) && k.weight > 0).toList();
    }
}
