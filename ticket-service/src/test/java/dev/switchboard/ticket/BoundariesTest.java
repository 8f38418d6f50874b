package dev.switchboard.ticket;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.switchboard.testing.Boundaries;

/** ticket-service's architecture, checked on its production classes (see {@link Boundaries}). */
class BoundariesTest {

    private static final JavaClasses MAIN = Boundaries.mainClassesOf("dev.switchboard.ticket");

    @Test
    void packagesFormNoCycle() {
        Boundaries.noPackageCycles("dev.switchboard.ticket").check(MAIN);
    }

    /** The inbound rules (the batch planner), the service window, the status progression, the template rules. */
    @Test
    void rulePackagesArePlainJava() {
        Boundaries.rulesArePlainJava("dev.switchboard.ticket.inbound.plan", "dev.switchboard.ticket.window",
                "dev.switchboard.ticket.status", "dev.switchboard.ticket.template.rules").check(MAIN);
    }

    @Test
    void usesNoOtherServicesCode() {
        Boundaries.usesNoOtherService("dev.switchboard.ticket").check(MAIN);
    }
}
