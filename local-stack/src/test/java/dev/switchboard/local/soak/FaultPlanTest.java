package dev.switchboard.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The fault plan without a stack: seeded, fitted to the run, every kind, the pauses kept. */
class FaultPlanTest {

    private static final List<String> PROCESSES = List.of("ingress", "ticket", "media", "outbound", "reminder",
            "ingress-2", "ticket-2", "outbound-2", "reminder-2");

    /** One at a time, at least the pause before each (the first too), each expected to end within the run. */
    private static void assertFits(FaultPlan plan, Duration duration, Duration pause) {
        Duration previousEnd = Duration.ZERO;
        for (FaultPlan.Planned fault : plan.faults()) {
            assertThat(fault.at()).as("%s starts a pause after the previous one", fault)
                    .isGreaterThanOrEqualTo(previousEnd.plus(pause));
            assertThat(fault.expected()).isEqualTo(fault.hold().plus(FaultPlan.cure(fault.kind())));
            previousEnd = fault.end();
        }
        assertThat(previousEnd).as("the last fault ends within the run").isLessThanOrEqualTo(duration);
    }

    /** A plan, checked to fit. */
    private static FaultPlan fitted(Duration duration, Duration pause, long seed) {
        FaultPlan plan = FaultPlan.plan(PROCESSES, duration, pause, seed);
        assertFits(plan, duration, pause);
        return plan;
    }

    private static Set<FaultKind> kinds(FaultPlan plan) {
        return plan.faults().stream().map(FaultPlan.Planned::kind).collect(Collectors.toCollection(
                () -> EnumSet.noneOf(FaultKind.class)));
    }

    private static Set<String> killed(FaultPlan plan) {
        return plan.faults().stream().filter(f -> f.kind() == FaultKind.KILL).map(FaultPlan.Planned::target)
                .collect(Collectors.toSet());
    }

    private static FaultPlan.Planned first(FaultPlan plan, FaultKind kind) {
        return plan.faults().stream().filter(f -> f.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void aTenMinuteRunHasEveryKindAtTheIssuesHoldsAndKillsEveryProcess() {
        Duration duration = Duration.ofMinutes(10);
        Duration pause = Duration.ofSeconds(10);

        FaultPlan plan = fitted(duration, pause, 20261206);

        assertThat(plan.leftOut()).isEmpty();
        assertThat(kinds(plan)).containsExactlyInAnyOrder(FaultKind.values());
        assertThat(killed(plan)).containsExactlyInAnyOrderElementsOf(PROCESSES);
        assertThat(first(plan, FaultKind.DATABASE_STOP).hold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(first(plan, FaultKind.BROKER_RESTART).hold()).isEqualTo(Duration.ofSeconds(15));
        assertThat(first(plan, FaultKind.PROVIDER_TIMEOUT).hold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(first(plan, FaultKind.KILL).hold()).isZero();
        assertThat(plan.faults()).extracting(FaultPlan.Planned::target)
                .contains("kafka", "postgres", "sandbox");
    }

    @Test
    void verifysNinetySecondRunGetsEveryKindOnceWithShorterHoldsAndSaysWhatWasLeftOut() {
        Duration duration = Duration.ofSeconds(90);
        Duration pause = Duration.ofSeconds(2);

        FaultPlan plan = fitted(duration, pause, 7);

        assertThat(kinds(plan)).containsExactlyInAnyOrder(FaultKind.values());
        assertThat(plan.faults()).hasSize(FaultKind.values().length);
        assertThat(first(plan, FaultKind.DATABASE_STOP).hold()).isEqualTo(Duration.ofSeconds(10));
        assertThat(first(plan, FaultKind.BROKER_RESTART).hold()).isEqualTo(Duration.ofSeconds(5));
        assertThat(first(plan, FaultKind.PROVIDER_130429).hold()).isEqualTo(Duration.ofSeconds(10));
        // One process killed; the kills of the other eight did not fit and are listed.
        assertThat(killed(plan)).hasSize(1);
        assertThat(plan.leftOut()).hasSize(PROCESSES.size() - 1).allMatch(left -> left.startsWith("kill "));
        assertThat(plan.describe()).contains("left out (no time in 90 s): kill ");
    }

    @Test
    void aRunTooShortForEveryKindKeepsTheKillAndTheDatabaseAndDropsTheProvidersFirst() {
        Duration duration = Duration.ofSeconds(60);
        Duration pause = Duration.ofSeconds(5);

        FaultPlan plan = fitted(duration, pause, 7);

        assertThat(kinds(plan)).contains(FaultKind.KILL, FaultKind.DATABASE_STOP)
                .doesNotContain(FaultKind.PROVIDER_130429);
        assertThat(plan.leftOut()).contains("provider-130429 sandbox");
    }

    @Test
    void theSameSeedGivesTheSamePlanAnotherSeedAnother() {
        Duration duration = Duration.ofMinutes(10);
        Duration pause = Duration.ofSeconds(10);

        FaultPlan once = FaultPlan.plan(PROCESSES, duration, pause, 42);
        FaultPlan again = FaultPlan.plan(PROCESSES, duration, pause, 42);
        FaultPlan other = FaultPlan.plan(PROCESSES, duration, pause, 43);

        assertThat(again).isEqualTo(once);
        assertThat(other.faults()).isNotEqualTo(once.faults());
    }

    @Test
    void aLongRunAddsRandomFaultsAfterTheMandatoryOnes() {
        Duration duration = Duration.ofMinutes(30);
        Duration pause = Duration.ofSeconds(20);

        FaultPlan plan = fitted(duration, pause, 11);

        int mandatory = FaultKind.values().length - 1 + PROCESSES.size();
        assertThat(plan.faults()).hasSizeGreaterThan(mandatory);
        assertThat(killed(plan.faults().subList(0, mandatory))).containsExactlyInAnyOrderElementsOf(PROCESSES);
        assertThat(kinds(new FaultPlan(plan.faults().subList(0, mandatory), List.of(), duration, pause)))
                .containsExactlyInAnyOrder(FaultKind.values());
    }

    @Test
    void theTimeoutHoldsSendsPastOutboundsRequestTimeout() {
        assertThat(FaultPlan.PROVIDER_DELAY).isGreaterThan(Duration.ofSeconds(10));
        assertThat(FaultSchedule.providerFaults(FaultKind.PROVIDER_TIMEOUT))
                .containsExactly("{\"delayMillis\":15000,\"ratio\":0.2}");
        assertThat(FaultSchedule.providerFaults(FaultKind.PROVIDER_130429)).anyMatch(f -> f.contains("130429"));
        assertThat(FaultSchedule.providerFaults(FaultKind.PROVIDER_5XX)).anyMatch(f -> f.contains("131000"));
    }

    private static Set<String> killed(List<FaultPlan.Planned> faults) {
        return faults.stream().filter(f -> f.kind() == FaultKind.KILL).map(FaultPlan.Planned::target)
                .collect(Collectors.toSet());
    }

    @Test
    void theShortFaultsComeFirstThenOneKillPerServiceIngressFirstThenTheReplicas() {
        for (long seed = 1; seed <= 20; seed++) {
            List<FaultPlan.Planned> faults = fitted(Duration.ofMinutes(10), Duration.ofSeconds(10), seed).faults();

            assertThat(faults.subList(0, 5)).as("seed %d", seed).noneMatch(f -> f.kind() == FaultKind.KILL);
            assertThat(faults.subList(5, 10)).as("seed %d", seed).allMatch(f -> f.kind() == FaultKind.KILL)
                    .extracting(f -> SoakStack.serviceOf(f.target()))
                    .containsExactly("ingress", "ticket", "outbound", "reminder", "media");
        }
    }
}
