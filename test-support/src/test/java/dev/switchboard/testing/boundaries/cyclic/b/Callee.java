package dev.switchboard.testing.boundaries.cyclic.b;

import dev.switchboard.testing.boundaries.cyclic.a.Caller;

/** The other half of the planted package cycle: b uses a, a uses b. */
public class Callee {
    public int answer() {
        return 42;
    }

    public Caller back() {
        return new Caller();
    }
}
