package dev.switchboard.store;

/** The store refused a file for what it is, not for a failure of the store: retrying cannot help. */
public abstract sealed class MediaRejectedException extends RuntimeException
        permits MediaRejectedException.TooLarge, MediaRejectedException.HashMismatch {

    MediaRejectedException(String message) {
        super(message);
    }

    /** More bytes than the limit the caller gave; nothing was stored. */
    public static final class TooLarge extends MediaRejectedException {
        private final long limit;

        public TooLarge(long limit) {
            super("larger than the limit of " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /** The bytes' SHA-256 is not the one announced; nothing was stored. */
    public static final class HashMismatch extends MediaRejectedException {
        private final String expected;
        private final String actual;

        public HashMismatch(String expected, String actual, long size) {
            super("sha256 of the " + size + " bytes is " + actual + ", the provider announced " + expected);
            this.expected = expected;
            this.actual = actual;
        }

        public String expected() {
            return expected;
        }

        public String actual() {
            return actual;
        }
    }
}
