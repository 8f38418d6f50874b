package dev.switchboard.media;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import dev.switchboard.testing.Boundaries;

/**
 * media-service's architecture rules (test-support's {@link Boundaries}): its packages form no cycle; fetching
 * (the providers' HTTP, the limits, the answers' classification) and the outcome rules (retries, events) are plain
 * Java; it uses no other service's code (schemas, service-kit and media-store are fine).
 */
class BoundariesTest {

    private static final JavaClasses MAIN = Boundaries.mainClassesOf("dev.switchboard.media");

    @Test
    void packagesFormNoCycle() {
        Boundaries.noPackageCycles("dev.switchboard.media").check(MAIN);
    }

    @Test
    void theFetchingAndOutcomeRulesArePlainJava() {
        Boundaries.rulesArePlainJava("dev.switchboard.media.fetching", "dev.switchboard.media.outcome").check(MAIN);
    }

    @Test
    void usesNoOtherService() {
        Boundaries.usesNoOtherService("dev.switchboard.media").check(MAIN);
    }
}
