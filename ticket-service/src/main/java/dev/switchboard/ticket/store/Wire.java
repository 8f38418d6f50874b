package dev.switchboard.ticket.store;

import java.util.Locale;

/** The store's enums as the database and the agent API's JSON write them: their names in lower case. */
public final class Wire {

    private Wire() {
    }

    public static String of(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    }
}
