package dev.switchboard.ingress.boundaryfixture;

import dev.switchboard.outbound.boundaryfixture.OutboundThing;

/** A planted dependency of one service on another's code, for {@code BoundariesTest}. */
public class ReachesIntoOutbound {
    public String use() {
        return new OutboundThing().name();
    }
}
