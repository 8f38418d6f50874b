package dev.switchboard.sandbox.channel;

import java.util.Locale;

/** Whose API a channel speaks. */
public enum Provider {
    META, TWILIO;

    /** "meta" or "twilio", as in the channel file and the sandbox's JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
