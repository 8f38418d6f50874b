package dev.switchboard.ingress;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import dev.switchboard.testing.Boundaries;

/** The architecture rules of every service (see {@link Boundaries}), checked on ingress-service's own classes. */
class BoundariesTest {

    private static final JavaClasses MAIN = Boundaries.mainClassesOf("dev.switchboard.ingress");

    @Test
    void packagesFormNoCycle() {
        Boundaries.noPackageCycles("dev.switchboard.ingress").check(MAIN);
    }

    @Test
    void parsersAndSignaturesArePlainJava() {
        Boundaries.rulesArePlainJava("dev.switchboard.ingress.meta", "dev.switchboard.ingress.twilio",
                "dev.switchboard.ingress.signature", "dev.switchboard.ingress.parsing").check(MAIN);
    }

    @Test
    void usesNoOtherServicesCode() {
        Boundaries.usesNoOtherService("dev.switchboard.ingress").check(MAIN);
    }
}
