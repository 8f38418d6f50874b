package dev.switchboard.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;

/**
 * The architecture rules every service checks in a test of its own, written once.
 *
 * <ul>
 *   <li>no cycles between a service's packages (a package is a job: {@code webhook}, {@code pacing}, ...);</li>
 *   <li>rule packages (parsers, content rules, pacing, timing, planners) stay plain Java: no Spring, JDBC or Kafka,
 *       so tests drive them without infrastructure and the rules read without it;</li>
 *   <li>a service never uses another service's or the sandbox's code: services talk through the topics (the
 *       shared plumbing in service-kit, {@code dev.switchboard.kit}, is no service and may be used).</li>
 * </ul>
 */
public final class Boundaries {

    /**
     * Every deployable module's root package; a service may use its own package, {@code schemas} and service-kit
     * ({@code dev.switchboard.kit}, shared plumbing that uses no service) only.
     */
    static final List<String> SERVICE_PACKAGES = List.of(
            "dev.switchboard.ingress", "dev.switchboard.ticket", "dev.switchboard.outbound",
            "dev.switchboard.reminder", "dev.switchboard.media", "dev.switchboard.sandbox", "dev.switchboard.local");

    /** What a rule package must not touch: the framework, the database and the broker. */
    static final String[] INFRASTRUCTURE = {
            "org.springframework..", "java.sql..", "javax.sql..", "org.postgresql..", "org.apache.kafka..",
            "org.flywaydb..", "jakarta.servlet.."};

    private Boundaries() {
    }

    /** A service's production classes (no tests, no benchmarks), read from the build's class folders. */
    public static JavaClasses mainClassesOf(String servicePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(servicePackage);
    }

    /** The packages directly below {@code servicePackage} (with their sub-packages) form no cycle. */
    public static ArchRule noPackageCycles(String servicePackage) {
        return slices().matching(servicePackage + ".(*)..").should().beFreeOfCycles()
                .as("packages of " + servicePackage + " form no cycle");
    }

    /** Classes in the given packages (and below) depend on no Spring, JDBC or Kafka type. */
    public static ArchRule rulesArePlainJava(String... rulePackages) {
        String[] patterns = Arrays.stream(rulePackages).map(p -> p + "..").toArray(String[]::new);
        return noClasses().that().resideInAnyPackage(patterns)
                .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE)
                .as("rule packages " + String.join(", ", rulePackages)
                        + " use no Spring, JDBC or Kafka type");
    }

    /** No class of {@code servicePackage} uses another service's, the sandbox's or the local stack's classes. */
    public static ArchRule usesNoOtherService(String servicePackage) {
        String[] others = SERVICE_PACKAGES.stream()
                .filter(p -> !p.equals(servicePackage))
                .map(p -> p + "..")
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(servicePackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .as(servicePackage + " uses no other service's code");
    }
}
