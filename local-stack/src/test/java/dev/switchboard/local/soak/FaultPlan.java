package dev.switchboard.local.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which faults a soak causes and when, decided before the run from its seed (the same seed, processes and times give
 * the same plan). Plain Java: {@link FaultSchedule} carries it out.
 *
 * <p><b>What.</b> The mandatory faults: the kinds that are not kills (in a random order), then one kill per
 * service (a random process of it; the services in {@link #KILL_ORDER}), then the
 * kills of the other replicas (in a random order): a restart under load may take far
 * longer than {@link #SERVICE_RESTART}, and the schedule skips what would start too late. If time is left, random extra faults (any kind, any process) while they take
 * at most half of the time left, so that the gaps keep some randomness.
 *
 * <p><b>Fitting to the run.</b> The holds scale with the run's length, {@code factor = min(1, duration / 10 min)}:
 * PostgreSQL is stopped for {@code max(10 s, 30 s x factor)}, the broker down for {@code max(5 s, 15 s x factor)},
 * each provider fault lasts {@code max(10 s, 30 s x factor)}. A 10-minute run gets the 30 s and 15 s, verify's
 * 90-second soak 10 s, 5 s and 10 s. The provider's delay stays 15 s whatever the run (it must exceed outbound's 10 s
 * request timeout). A fault is expected to take its hold plus its cure ({@link #SERVICE_RESTART}, {@link #BROKER_START},
 * {@link #DATABASE_START}); before each one, the first too (the stack warms up), comes at least the pause. When the
 * mandatory faults do not fit, the least important are left out, and listed: first the kills beyond the first, then
 * the kinds in the order provider-130429, provider-5xx, provider-timeout, broker-restart, database-stop, kill. The
 * time left over is spread over the gaps at random (seeded).
 *
 * @param faults  in the order they happen
 * @param leftOut the mandatory faults that did not fit, as {@code kind target}
 */
public record FaultPlan(List<Planned> faults, List<String> leftOut, Duration duration, Duration pause) {

    /**
     * A service's restart after SIGKILL until it answers ready: measured 9-24 s on two cores without load (54 s with
     * other builds running); a fault that no longer fits when its turn comes is left out (FaultSchedule).
     */
    static final Duration SERVICE_RESTART = Duration.ofSeconds(25);
    static final Duration BROKER_START = Duration.ofSeconds(3);
    static final Duration DATABASE_START = Duration.ofSeconds(3);
    /** How long the provider holds a send in a timeout fault: past outbound's 10 s request timeout. */
    static final Duration PROVIDER_DELAY = Duration.ofSeconds(15);
    /** The run length at which the holds are the issue's own (30 s PostgreSQL, 15 s broker). */
    static final Duration FULL_LENGTH = Duration.ofMinutes(10);

    /** The kinds, most important first: the last ones are left out first when a run is too short. */
    private static final List<FaultKind> IMPORTANCE = List.of(FaultKind.KILL, FaultKind.DATABASE_STOP,
            FaultKind.BROKER_RESTART, FaultKind.PROVIDER_TIMEOUT, FaultKind.PROVIDER_5XX, FaultKind.PROVIDER_130429);

    /**
     * Which service's kill comes first when not all fit: ingress (a webhook acknowledged, then lost), ticket (a message
     * without its article), outbound (a reply sent twice), reminder, media.
     */
    static final List<String> KILL_ORDER = List.of("ingress", "ticket", "outbound", "reminder", "media");

    public FaultPlan {
        faults = List.copyOf(faults);
        leftOut = List.copyOf(leftOut);
    }

    /**
     * One fault of the plan.
     *
     * @param at       when it begins, from the start of the schedule
     * @param hold     how long it lasts before its cure (zero for a kill: restarted at once)
     * @param expected hold plus the expected cure: what it takes of the run
     */
    public record Planned(FaultKind kind, String target, Duration at, Duration hold, Duration expected) {

        public Duration end() {
            return at.plus(expected);
        }

        @Override
        public String toString() {
            return String.format("%6.1f s  %-16s %-10s hold %4.1f s, expected %4.1f s", at.toMillis() / 1000.0,
                    kind.label(), target, hold.toMillis() / 1000.0, expected.toMillis() / 1000.0);
        }
    }

    /**
     * @param processes the processes that may be killed (each gets a kill)
     * @param duration  how long the run is: every planned fault ends (as expected) within it
     * @param pause     the least time before each fault (the stack recovers in between)
     */
    public static FaultPlan plan(List<String> processes, Duration duration, Duration pause, long seed) {
        if (processes.isEmpty()) {
            throw new IllegalArgumentException("no process to kill");
        }
        Random random = new Random(seed);
        // The faults that are not kills first (they are short), then one kill per service, then the replicas' kills:
        // a restart under load can take far longer than planned, and what comes late may not happen at all.
        List<Planned> others = new ArrayList<>();
        for (FaultKind kind : IMPORTANCE) {
            if (kind != FaultKind.KILL) {
                others.add(unplanned(kind, null, duration));
            }
        }
        Collections.shuffle(others, random);
        List<String> victims = new ArrayList<>(processes);
        Collections.shuffle(victims, random);
        List<String> firstOfService = new ArrayList<>();
        List<String> replicas = new ArrayList<>();
        for (String victim : victims) {
            boolean serviceSeen = firstOfService.stream()
                    .anyMatch(first -> SoakStack.serviceOf(first).equals(SoakStack.serviceOf(victim)));
            (serviceSeen ? replicas : firstOfService).add(victim);
        }
        // ingress first: a webhook acknowledged and then lost is the worst outcome a kill can cause
        firstOfService.sort(java.util.Comparator.comparingInt(victim -> KILL_ORDER.indexOf(
                SoakStack.serviceOf(victim))));
        List<Planned> mandatory = new ArrayList<>(others);
        for (String victim : firstOfService) {
            mandatory.add(unplanned(FaultKind.KILL, victim, duration));
        }
        for (String victim : replicas) {
            mandatory.add(unplanned(FaultKind.KILL, victim, duration));
        }

        List<String> leftOut = new ArrayList<>();
        while (mandatory.size() > others.size() + 1 && taken(mandatory, pause).compareTo(duration) > 0) {
            Planned dropped = mandatory.remove(mandatory.size() - 1);
            leftOut.add(0, dropped.kind().label() + " " + dropped.target());
        }
        // Still too long: the kinds go by importance, the least important first (the one kill stays longest).
        List<FaultKind> leastImportantFirst = new ArrayList<>(IMPORTANCE);
        Collections.reverse(leastImportantFirst);
        for (FaultKind kind : leastImportantFirst) {
            if (mandatory.isEmpty() || taken(mandatory, pause).compareTo(duration) <= 0) {
                break;
            }
            mandatory.stream().filter(p -> p.kind() == kind).findFirst().ifPresent(dropped -> {
                mandatory.remove(dropped);
                leftOut.add(dropped.kind().label() + " " + dropped.target());
            });
        }
        List<Planned> chosen = new ArrayList<>(mandatory);

        Duration spare = duration.minus(taken(chosen, pause));
        Duration extraBudget = spare.dividedBy(2);
        FaultKind[] kinds = FaultKind.values();
        while (!chosen.isEmpty()) {
            FaultKind kind = kinds[random.nextInt(kinds.length)];
            Planned extra = unplanned(kind, kind == FaultKind.KILL ? processes.get(random.nextInt(processes.size()))
                    : null, duration);
            Duration cost = extra.expected().plus(pause);
            if (cost.compareTo(extraBudget) > 0) {
                break;
            }
            extraBudget = extraBudget.minus(cost);
            chosen.add(extra);
        }

        // The time left over, spread at random over the gaps before each fault and after the last.
        Duration slack = duration.minus(taken(chosen, pause));
        double[] weights = new double[chosen.size() + 1];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextDouble();
            sum += weights[i];
        }
        List<Planned> timed = new ArrayList<>();
        Duration at = Duration.ZERO;
        for (int i = 0; i < chosen.size(); i++) {
            Planned fault = chosen.get(i);
            at = at.plus(pause).plus(Duration.ofMillis((long) (slack.toMillis() * weights[i] / sum)));
            timed.add(new Planned(fault.kind(), fault.target(), at, fault.hold(), fault.expected()));
            at = at.plus(fault.expected());
        }
        return new FaultPlan(timed, leftOut, duration, pause);
    }

    /** How long a kind's fault holds in a run of this length (see the class comment). */
    static Duration hold(FaultKind kind, Duration duration) {
        return switch (kind) {
            case KILL -> Duration.ZERO;
            case DATABASE_STOP -> scaled(Duration.ofSeconds(30), Duration.ofSeconds(10), duration);
            case BROKER_RESTART -> scaled(Duration.ofSeconds(15), Duration.ofSeconds(5), duration);
            case PROVIDER_130429, PROVIDER_5XX, PROVIDER_TIMEOUT ->
                    scaled(Duration.ofSeconds(30), Duration.ofSeconds(10), duration);
        };
    }

    /** What a kind's cure is expected to take. */
    static Duration cure(FaultKind kind) {
        return switch (kind) {
            case KILL -> SERVICE_RESTART;
            case BROKER_RESTART -> BROKER_START;
            case DATABASE_STOP -> DATABASE_START;
            case PROVIDER_130429, PROVIDER_5XX, PROVIDER_TIMEOUT -> Duration.ZERO;
        };
    }

    /** The plan as printed at the start of a run. */
    public String describe() {
        StringBuilder text = new StringBuilder(String.format("faults: %d planned in %d s (pause at least %d s):%n",
                faults.size(), duration.toSeconds(), pause.toSeconds()));
        faults.forEach(fault -> text.append("faults:   ").append(fault).append(System.lineSeparator()));
        text.append(leftOut.isEmpty() ? "faults: everything mandatory fits" + System.lineSeparator()
                : "faults: left out (no time in " + duration.toSeconds() + " s): " + String.join(", ", leftOut)
                + System.lineSeparator());
        return text.toString();
    }

    private static Duration scaled(Duration full, Duration floor, Duration duration) {
        double factor = Math.min(1.0, (double) duration.toMillis() / FULL_LENGTH.toMillis());
        Duration scaled = Duration.ofMillis(Math.round(full.toMillis() * factor));
        return scaled.compareTo(floor) < 0 ? floor : scaled;
    }

    private static Planned unplanned(FaultKind kind, String target, Duration duration) {
        Duration hold = hold(kind, duration);
        return new Planned(kind, target != null ? target : targetOf(kind), Duration.ZERO, hold, hold.plus(cure(kind)));
    }

    /** Where a fault that is not a kill happens. */
    static String targetOf(FaultKind kind) {
        return switch (kind) {
            case KILL -> throw new IllegalArgumentException("a kill names its process");
            case BROKER_RESTART -> "kafka";
            case DATABASE_STOP -> "postgres";
            case PROVIDER_130429, PROVIDER_5XX, PROVIDER_TIMEOUT -> "sandbox";
        };
    }

    /** What these faults take of the run with a pause before each. */
    private static Duration taken(List<Planned> faults, Duration pause) {
        Duration total = pause.multipliedBy(faults.size());
        for (Planned fault : faults) {
            total = total.plus(fault.expected());
        }
        return total;
    }
}
