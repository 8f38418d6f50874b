package dev.switchboard.testing.boundaries.pacing;

/** A rule class in plain Java. */
public class PlainPacer {
    public long nextSlot(long now) {
        return now + 1;
    }
}
