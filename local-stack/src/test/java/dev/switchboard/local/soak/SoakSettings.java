package dev.switchboard.local.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one soak run does, from {@code -Dsoak.*} system properties (the {@code soak} profile of local-stack's pom
 * passes them; verify's short soak builds its own).
 *
 * @param rate             webhooks per second the driver offers (open loop: late ones are counted, not skipped)
 * @param duration         how long the driver and the faults run
 * @param seed             every random choice (customers, mix, fault order and times) comes from it: a run repeats
 * @param faults           break the stack while it runs (false: the same load without faults, a baseline)
 * @param replicas         processes per service beyond the first, e.g. {@code ingress -> 2} (names ingress, ingress-2)
 * @param window           the customer service window (short, so that reminders and closes happen during the run)
 * @param reminderDelay    the reminder after the customer's last message (shorter than the window)
 * @param fuzzSample       fuzzed signed bodies posted to the running ingress after the load (0: none)
 * @param serviceJavaOpts  JVM options of each service process
 * @param outDir           the sender's log, the fault log, the services' logs, the report
 * @param faultPause       the least time between two scheduled faults (the stack recovers in between)
 */
public record SoakSettings(int rate, Duration duration, long seed, boolean faults, Map<String, Integer> replicas,
                           Duration window, Duration reminderDelay, int fuzzSample, List<String> serviceJavaOpts,
                           Path outDir, Duration faultPause) {

    public SoakSettings {
        if (rate <= 0) {
            throw new IllegalArgumentException("soak.rate must be positive, was " + rate);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("soak.minutes must be positive, was " + duration);
        }
        if (reminderDelay.compareTo(window) >= 0) {
            throw new IllegalArgumentException("soak.reminderDelay (" + reminderDelay + ") must be shorter than "
                    + "soak.window (" + window + ")");
        }
        replicas = Map.copyOf(replicas);
        serviceJavaOpts = List.copyOf(serviceJavaOpts);
    }

    public static SoakSettings fromSystemProperties() {
        return new SoakSettings(
                Integer.parseInt(System.getProperty("soak.rate", "500")),
                Duration.ofMillis(Math.round(Double.parseDouble(System.getProperty("soak.minutes", "10")) * 60_000)),
                Long.parseLong(System.getProperty("soak.seed", "20261206")),
                Boolean.parseBoolean(System.getProperty("soak.faults", "true")),
                replicas(System.getProperty("soak.replicas", "ingress:2,ticket:2,outbound:2,reminder:2")),
                Duration.parse(System.getProperty("soak.window", "PT3M")),
                Duration.parse(System.getProperty("soak.reminderDelay", "PT90S")),
                Integer.parseInt(System.getProperty("soak.fuzzSample", "5000")),
                List.of(System.getProperty("soak.serviceJavaOpts",
                        "-Xms128m -Xmx384m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m").trim().split("\\s+")),
                Path.of(System.getProperty("soak.outDir", "target/soak")),
                Duration.parse(System.getProperty("soak.faultPause", "PT10S")));
    }

    /** {@code "ingress:2,ticket:2"} -> {ingress=2, ticket=2}; a service not named runs once. */
    static Map<String, Integer> replicas(String spec) {
        Map<String, Integer> replicas = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] nameAndCount = part.trim().split(":");
            if (nameAndCount.length != 2 || !SoakStack.SERVICES.contains(nameAndCount[0])) {
                throw new IllegalArgumentException("soak.replicas: '" + part + "' is not <service>:<count> with a "
                        + "service in " + SoakStack.SERVICES);
            }
            replicas.put(nameAndCount[0], Integer.parseInt(nameAndCount[1]));
        }
        return replicas;
    }
}
