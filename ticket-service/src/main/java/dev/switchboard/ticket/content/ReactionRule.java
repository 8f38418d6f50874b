package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.Problems.present;

import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/** {@code {"type":"reaction","reaction":{"messageId","emoji"}}}: one emoji, or "" to remove the reaction. */
record ReactionRule(Problems problems) {

    private static final Pattern ONE_GRAPHEME = Pattern.compile("\\X");


    void check(JsonNode reaction) {
        problems.nonBlank(reaction, "reaction", "messageId", true);
        JsonNode emoji = reaction.get("emoji");
        if (present(emoji)) {
            if (!emoji.isString()) {
                problems.add("reaction.emoji", "must be a string");
            } else if (!emoji.stringValue().isEmpty() && !isSingleEmoji(emoji.stringValue())) {
                problems.add("reaction.emoji", "must be a single emoji (or empty to remove the reaction)");
            }
        }
    }

    /**
     * Exactly one user-perceived character (one extended grapheme cluster: 👍, 👍🏽, 👨‍👩‍👧, 🇩🇪, 1️⃣ are
     * one each) that is an emoji.
     */
    static boolean isSingleEmoji(String value) {
        if (!ONE_GRAPHEME.matcher(value).matches()) {
            return false;
        }
        return value.codePoints().anyMatch(ReactionRule::isEmojiCodePoint);
    }

    /**
     * Code points that make a grapheme an emoji: the pictographic blocks, regional indicators (flags), the
     * emoji variation selector (❤️, ©️) and the keycap mark (1️⃣). Java 17 has no {@code Character.isEmoji}.
     */
    private static boolean isEmojiCodePoint(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF) // mahjong … symbols & pictographs extended-A, incl. flags
                || (cp >= 0x2600 && cp <= 0x27BF) // miscellaneous symbols, dingbats
                || (cp >= 0x2300 && cp <= 0x23FF) // ⌚ ⌛ ⏰ …
                || (cp >= 0x2B00 && cp <= 0x2BFF) // ⬆ ⭐ ⭕ …
                || (cp >= 0x2190 && cp <= 0x21FF) // ↔ ↩ …
                || (cp >= 0x25A0 && cp <= 0x25FF) // ▶ ◀ ◻ …
                || cp == 0x2934 || cp == 0x2935 || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299
                || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
                || cp == 0x24C2
                || cp == 0xFE0F // emoji presentation selector
                || cp == 0x20E3; // combining enclosing keycap
    }
}
