package dev.switchboard.testing.boundaries.cyclic.a;

import dev.switchboard.testing.boundaries.cyclic.b.Callee;

/** Half of a planted package cycle for {@code BoundariesTest}. */
public class Caller {
    public int call() {
        return new Callee().answer();
    }
}
