package dev.switchboard.sandbox;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.switchboard.testing.Boundaries;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's structure: the provider rules (what Graph and Twilio accept, faults, receipts, customers, media) are plain
 * Java that tests drive without Spring; only {@code web} and the settings records meet the framework.
 */
class BoundariesTest {

    private static final JavaClasses MAIN = Boundaries.mainClassesOf("dev.switchboard.sandbox");

    @Test
    void packagesFormNoCycle() {
        Boundaries.noPackageCycles("dev.switchboard.sandbox").check(MAIN);
    }

    @Test
    void providerRulesArePlainJava() {
        Boundaries.rulesArePlainJava(
                "dev.switchboard.sandbox.graph", "dev.switchboard.sandbox.twilio", "dev.switchboard.sandbox.fault",
                "dev.switchboard.sandbox.status", "dev.switchboard.sandbox.record", "dev.switchboard.sandbox.customer",
                "dev.switchboard.sandbox.webhook", "dev.switchboard.sandbox.media").check(MAIN);
    }

    @Test
    void usesNoServiceCode() {
        Boundaries.usesNoOtherService("dev.switchboard.sandbox").check(MAIN);
    }
}
