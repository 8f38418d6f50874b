package dev.switchboard.kit.boundaryfixture;

/** Stands for a service-kit class in {@code ServiceKitBoundaryTest}. */
public class KitThing {
    public String name() {
        return "kit";
    }
}
