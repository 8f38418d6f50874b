package dev.switchboard.sandbox.media;

import java.util.Locale;

/**
 * A fault a customer's media carries, for tests of whoever downloads it.
 *
 * @param kind  what goes wrong
 * @param count {@code server_error}: how many downloads answer 500 before one succeeds
 */
public record MediaFault(Kind kind, int count) {

    public enum Kind {
        /** The webhook (and the Graph lookup) announce another SHA-256 than the bytes have. */
        HASH_MISMATCH,
        /** The id (or Twilio media URL) has already expired: the lookup answers as for an unknown id. */
        EXPIRED,
        /** The first {@code count} downloads answer HTTP 500, then the bytes come. */
        SERVER_ERROR;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The fault named, or null for none.
     *
     * @throws IllegalArgumentException for a name not known or a count below 1
     */
    public static MediaFault parse(String name, Integer count) {
        if (name == null || name.isBlank()) {
            return null;
        }
        Kind kind;
        try {
            kind = Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mediaFault must be one of hash_mismatch, expired, server_error, not "
                    + name);
        }
        int n = count == null ? 1 : count;
        if (n < 1) {
            throw new IllegalArgumentException("mediaFaultCount must be at least 1, not " + n);
        }
        return new MediaFault(kind, n);
    }
}
