package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/** service-kit ({@code dev.switchboard.kit}) is shared plumbing, not a service: every service may use it. */
class ServiceKitBoundaryTest {

    @Test
    void aServiceUsingTheKitIsNoBreachButTheSameServiceUsingAnotherIs() {
        JavaClasses classes = new ClassFileImporter().importPackages("dev.switchboard.kit.boundaryfixture",
                "dev.switchboard.outbound.boundaryfixture", "dev.switchboard.ingress.boundaryfixture");

        assertThatCode(() -> Boundaries.usesNoOtherService("dev.switchboard.outbound").check(classes))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Boundaries.usesNoOtherService("dev.switchboard.ingress").check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ReachesIntoOutbound");
    }
}
