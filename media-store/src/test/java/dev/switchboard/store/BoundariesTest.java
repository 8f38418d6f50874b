package dev.switchboard.store;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import dev.switchboard.testing.Boundaries;

/** The store serves the services and so uses none of them. */
class BoundariesTest {

    private static final JavaClasses STORE = Boundaries.mainClassesOf("dev.switchboard.store");

    @Test
    void usesNoService() {
        Boundaries.usesNoOtherService("dev.switchboard.store").check(STORE);
    }
}
