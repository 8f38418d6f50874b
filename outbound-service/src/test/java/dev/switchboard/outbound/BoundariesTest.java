package dev.switchboard.outbound;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.switchboard.testing.Boundaries;

/** outbound-service's architecture rules ({@link Boundaries}), checked against its production classes. */
class BoundariesTest {

    private static final JavaClasses MAIN = Boundaries.mainClassesOf("dev.switchboard.outbound");

    @Test
    void packagesFormNoCycle() {
        Boundaries.noPackageCycles("dev.switchboard.outbound").check(MAIN);
    }

    /**
     * The rules of sending: the number's pacing and tier, what an answer comes to, and the providers' bodies, answers
     * and error codes (their Spring wiring is in {@code clients}).
     */
    @Test
    void rulePackagesArePlainJava() {
        Boundaries.rulesArePlainJava("dev.switchboard.outbound.pacing", "dev.switchboard.outbound.outcome",
                "dev.switchboard.outbound.sending").check(MAIN);
    }

    @Test
    void usesNoOtherServicesCode() {
        Boundaries.usesNoOtherService("dev.switchboard.outbound").check(MAIN);
    }
}
