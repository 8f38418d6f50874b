package dev.switchboard.ticket.canned;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of canned responses: {@code {{customer.name}}}, {@code {{customer.waId}}}, {@code {{agent.name}}},
 * {@code {{ticket.id}}}, {@code {{channel.id}}}, each with an optional fallback for when the value is unknown
 * ({@code {{customer.name|there}}}). Plain string work, no template engine.
 */
public final class Placeholders {

    public static final List<String> NAMES = List.of("customer.name", "customer.waId", "agent.name", "ticket.id",
            "channel.id");

    /** {@code {{ name }}} or {@code {{ name | fallback }}}; the fallback may hold anything but braces. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}|]*?)\\s*(?:\\|([^{}]*))?}}");

    private Placeholders() {
    }

    /** The placeholders of {@code text} that are not one of {@link #NAMES}; empty when every one is known. */
    public static List<String> unknown(String text) {
        List<String> unknown = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            if (!NAMES.contains(matcher.group(1))) {
                unknown.add(matcher.group(1));
            }
        }
        return unknown;
    }

    /**
     * {@code text} with each placeholder replaced by its value; by its fallback when the value is null or blank (an
     * empty string when it has none).
     */
    public static String render(String text, Map<String, String> values) {
        return PLACEHOLDER.matcher(text).replaceAll(match -> {
            String value = values.get(match.group(1));
            String fallback = match.group(2) == null ? "" : match.group(2).strip();
            return Matcher.quoteReplacement(value == null || value.isBlank() ? fallback : value);
        });
    }
}
