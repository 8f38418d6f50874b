package dev.switchboard.reminder;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import dev.switchboard.testing.Boundaries;

/**
 * reminder-service's architecture rules (test-support's {@link Boundaries}): its packages form no cycle; the window
 * rules and the firing plan ({@code timing}) are plain Java; it uses no other service's code (schemas and
 * service-kit are fine).
 */
class BoundariesTest {

    private static final JavaClasses MAIN = Boundaries.mainClassesOf("dev.switchboard.reminder");

    @Test
    void packagesFormNoCycle() {
        Boundaries.noPackageCycles("dev.switchboard.reminder").check(MAIN);
    }

    @Test
    void theTimingRulesArePlainJava() {
        Boundaries.rulesArePlainJava("dev.switchboard.reminder.timing").check(MAIN);
    }

    @Test
    void usesNoOtherService() {
        Boundaries.usesNoOtherService("dev.switchboard.reminder").check(MAIN);
    }
}
