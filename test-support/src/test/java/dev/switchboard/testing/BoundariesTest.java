package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Each rule of {@link Boundaries} refuses a planted breach and accepts the same code without it. */
class BoundariesTest {

    @Test
    void aPackageCycleIsRefusedWithBothPackagesNamed() {
        JavaClasses classes = new ClassFileImporter().importPackages("dev.switchboard.testing.boundaries.cyclic");

        assertThatThrownBy(() -> Boundaries.noPackageCycles("dev.switchboard.testing.boundaries.cyclic").check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("form no cycle")
                .hasMessageContaining("cyclic.a.Caller")
                .hasMessageContaining("cyclic.b.Callee");
    }

    @Test
    void aRulePackageUsingSpringIsRefusedAndAPlainOneIsNot() {
        JavaClasses classes = new ClassFileImporter().importPackages("dev.switchboard.testing.boundaries.pacing");

        assertThatThrownBy(() -> Boundaries.rulesArePlainJava("dev.switchboard.testing.boundaries.pacing").check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("SpringAwarePacer")
                .hasMessageContaining("org.springframework.util.Assert");
        JavaClasses plainOnly = new ClassFileImporter().importClasses(
                dev.switchboard.testing.boundaries.pacing.PlainPacer.class);
        assertThatCode(() -> Boundaries.rulesArePlainJava("dev.switchboard.testing.boundaries.pacing").check(plainOnly))
                .doesNotThrowAnyException();
    }

    @Test
    void aServiceUsingAnotherServicesCodeIsRefused() {
        JavaClasses classes = new ClassFileImporter().importPackages(
                "dev.switchboard.ingress.boundaryfixture", "dev.switchboard.outbound.boundaryfixture");

        assertThatThrownBy(() -> Boundaries.usesNoOtherService("dev.switchboard.ingress").check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ReachesIntoOutbound")
                .hasMessageContaining("OutboundThing");
        assertThatCode(() -> Boundaries.usesNoOtherService("dev.switchboard.outbound").check(classes))
                .doesNotThrowAnyException();
    }

    @Test
    void mainClassesLeaveTestClassesOut() {
        assertThatCode(() -> Boundaries.noPackageCycles("dev.switchboard.testing.boundaries.cyclic")
                .allowEmptyShould(true)
                .check(Boundaries.mainClassesOf("dev.switchboard.testing.boundaries")))
                .doesNotThrowAnyException();
    }
}
