package dev.switchboard.kit;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import dev.switchboard.testing.Boundaries;

/** The kit serves every service and so uses none of them; its packages form no cycle. */
class BoundariesTest {

    private static final JavaClasses KIT = Boundaries.mainClassesOf("dev.switchboard.kit");

    @Test
    void packagesFormNoCycle() {
        Boundaries.noPackageCycles("dev.switchboard.kit").check(KIT);
    }

    @Test
    void usesNoService() {
        Boundaries.usesNoOtherService("dev.switchboard.kit").check(KIT);
    }
}
