package dev.switchboard.outbound.boundaryfixture;

import dev.switchboard.kit.boundaryfixture.KitThing;

/** A service using service-kit, for {@code ServiceKitBoundaryTest}: allowed. */
public class UsesTheKit {
    public String use() {
        return new KitThing().name();
    }
}
