package dev.switchboard.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local stack starts and where, from the environment (the public surface's overrides plus a few of its own).
 *
 * @param root             the checkout: the service jars are {@code <root>/<module>/target/<module>-<version>.jar}
 * @param channelsFile     the channels every service reads ({@code deploy/local/channels.yml}: the public surface's demo
 *                         channels)
 * @param ports            where each part listens
 * @param externalKafka    {@code SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS}: use this Kafka instead of starting one
 * @param graphBaseUrl     {@code SWITCHBOARD_GRAPH_BASE_URL}: where outbound-service sends Meta channels' messages
 * @param twilioBaseUrl    {@code SWITCHBOARD_TWILIO_BASE_URL}: where it sends Twilio channels' messages
 * @param window           {@code SWITCHBOARD_WINDOW_DURATION}: the customer service window
 * @param reminderDelay    {@code SWITCHBOARD_REMINDER_DELAY}: the reminder after the customer's last message
 * @param serviceJavaOpts  {@code SWITCHBOARD_LOCAL_JAVA_OPTS}: JVM options of each service (small heaps: seven
 *                         processes share one laptop)
 * @param echoLogs         print every service's log lines to the console (run.sh) or only to files (the test)
 * @param logDir           one file per process, whatever {@code echoLogs} says
 * @param serviceEnvironment more environment for every service (a test's short retry delays; run.sh: none)
 */
public record StackSettings(Path root, Path channelsFile, Ports ports, Optional<String> externalKafka, String graphBaseUrl,
                            String twilioBaseUrl, Duration window, Duration reminderDelay, List<String> serviceJavaOpts,
                            boolean echoLogs, Path logDir, Map<String, String> serviceEnvironment) {

    public static final String AGENT_API_TOKEN = "demo-agent-token";
    /** ticket-service's channel admin API. */
    public static final String ADMIN_API_TOKEN = "demo-admin-token";
    /**
     * The channel key that seals onboarded channels' credentials on the channels topic and in ticket-service's table: a
     * fixed demo key, so a restarted stack still opens what it sealed before. Never use it anywhere else.
     */
    public static final String CHANNEL_KEYS = "local-demo:c3dpdGNoYm9hcmQtbG9jYWwtc3RhY2stZGVtby1rZXk=";
    public static final String VERSION = "0.1.0-SNAPSHOT";

    /** The agent console's first admin (ticket-service's SWITCHBOARD_BOOTSTRAP_ADMIN, created when no agent exists). */
    public static final String CONSOLE_ADMIN_LOGIN = "admin";
    public static final String CONSOLE_ADMIN_PASSWORD = "demo-admin-password";

    /** A demo agent of the console, created by the stack through the admin API once ticket-service is up. */
    public record DemoAgent(String login, String name, String password, String group) {
    }

    /** alice works the Meta demo channel's group, bob the Twilio one's: each sees only their group's tickets. */
    public static final List<DemoAgent> DEMO_AGENTS = List.of(
            new DemoAgent("alice", "Alice Agent", "demo-alice-password", "support"),
            new DemoAgent("bob", "Bob Agent", "demo-bob-password", "sales"));

    /** Small heaps and a quick-starting JIT: enough for a demo and the end-to-end test, and it starts fast. */
    static final String DEFAULT_JAVA_OPTS =
            "-Xms64m -Xmx192m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=48m";

    /** The bucket the services keep attachments in. */
    public static final String MEDIA_BUCKET = "switchboard-media";

    /**
     * @param kafka 0 = none of ours (external Kafka)
     * @param s3 the object store (S3Mock in the launcher)
     */
    /** Where the services reach 360dialog's API: the sandbox's stand-in. */
    public String dialog360BaseUrl() {
        return url(ports.sandbox()) + "/360dialog";
    }

    public record Ports(int ingress, int ticket, int outbound, int reminder, int media, int sandbox, int s3, int kafka,
                        int kafkaController, int postgres) {

        /** The public surface's ports (ingress 8080, ticket 8081) and ours for the rest. */
        public static Ports defaults() {
            return new Ports(8080, 8081, 8082, 8083, 8084, 8090, 8085, 9092, 9093, 15432);
        }
    }

    public StackSettings {
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(root.resolve("pom.xml"))) {
            problems.add("SWITCHBOARD_ROOT (" + root + ") is not a Switchboard checkout: no pom.xml");
        }
        if (!Files.isRegularFile(channelsFile)) {
            problems.add("no channels file at " + channelsFile);
        }
        if (window.isNegative() || window.isZero()) {
            problems.add("SWITCHBOARD_WINDOW_DURATION must be positive, was " + window);
        }
        if (reminderDelay.isNegative() || reminderDelay.isZero() || reminderDelay.compareTo(window) >= 0) {
            problems.add("SWITCHBOARD_REMINDER_DELAY must be positive and shorter than the window (" + window
                    + "), was " + reminderDelay);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid local stack settings:\n  - " + String.join("\n  - ", problems));
        }
        serviceJavaOpts = List.copyOf(serviceJavaOpts);
        serviceEnvironment = Map.copyOf(serviceEnvironment);
    }

    /** These settings with more environment for every service. */
    public StackSettings withServiceEnvironment(Map<String, String> environment) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(serviceEnvironment);
        merged.putAll(environment);
        return new StackSettings(root, channelsFile, ports, externalKafka, graphBaseUrl, twilioBaseUrl, window,
                reminderDelay, serviceJavaOpts, echoLogs, logDir, merged);
    }

    /** The settings of {@code deploy/local/run.sh}: the public surface's defaults, overridden by the environment. */
    public static StackSettings fromEnvironment(Map<String, String> env, Path workingDirectory) {
        Path root = Optional.ofNullable(env.get("SWITCHBOARD_ROOT")).map(Path::of).orElse(workingDirectory)
                .toAbsolutePath().normalize();
        Ports ports = Ports.defaults();
        String sandbox = "http://localhost:" + ports.sandbox();
        return new StackSettings(root, root.resolve("deploy/local/channels.yml"), ports,
                Optional.ofNullable(blankToNull(env.get("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS"))),
                env.getOrDefault("SWITCHBOARD_GRAPH_BASE_URL", sandbox),
                env.getOrDefault("SWITCHBOARD_TWILIO_BASE_URL", sandbox),
                duration(env, "SWITCHBOARD_WINDOW_DURATION", "PT24H"),
                duration(env, "SWITCHBOARD_REMINDER_DELAY", "PT23H"),
                List.of(env.getOrDefault("SWITCHBOARD_LOCAL_JAVA_OPTS", DEFAULT_JAVA_OPTS).trim().split("\\s+")),
                true,
                root.resolve("local-stack/target/local-run/logs"), Map.of());
    }

    public Path jar(String module) {
        return root.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
    }

    public String kafkaBootstrapServers() {
        return externalKafka.orElse("localhost:" + ports.kafka());
    }

    public String url(int port) {
        return "http://localhost:" + port;
    }

    private static Duration duration(Map<String, String> env, String name, String fallback) {
        String value = env.getOrDefault(name, fallback);
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT24H or PT90S, was '"
                    + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
