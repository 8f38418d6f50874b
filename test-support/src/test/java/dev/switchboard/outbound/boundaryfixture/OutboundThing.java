package dev.switchboard.outbound.boundaryfixture;

/** Stands for another service's class in {@code BoundariesTest}. */
public class OutboundThing {
    public String name() {
        return "outbound";
    }
}
