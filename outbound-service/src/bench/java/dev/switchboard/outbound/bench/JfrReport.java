package dev.switchboard.outbound.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the service's time goes, from a JFR recording (as the ingress benchmark's report, with outbound's components):
 * <ul>
 *   <li>CPU: the execution samples by thread group, by component (exclusive: the leaf-most frame that is not plain
 *       JDK code, so they add up to 100 %), by code path (inclusive) and the hottest methods;</li>
 *   <li>the <b>dispatcher thread's wall clock</b>: a channel's sends all start on its one thread, so its rate is
 *       1 / (time per send on that thread). The recording's settings ({@link #settings}) log every socket read
 *       (PgJDBC's round trips to PostgreSQL) and every park with no threshold, so the thread's time splits into
 *       waiting for PostgreSQL (by statement), waiting for the pacer, waiting for a free send slot or a wake-up, and
 *       the rest (running, or waiting for a CPU).</li>
 * </ul>
 */
final class JfrReport {

    /** Components, checked in this order for each frame from the leaf down; the first match takes the sample. */
    private static final Map<String, List<String>> COMPONENTS = components();

    private static Map<String, List<String>> components() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("PostgreSQL JDBC driver", List.of("org.postgresql."));
        c.put("HikariCP", List.of("com.zaxxer.hikari."));
        c.put("JDK HttpClient", List.of("jdk.internal.net.http.", "java.net.http."));
        c.put("Avro serialisation", List.of("org.apache.avro.", "dev.switchboard.schemas.", "dev.switchboard.events."));
        c.put("JSON (Jackson)", List.of("tools.jackson.", "com.fasterxml.jackson."));
        c.put("Micrometer (metrics)", List.of("io.micrometer."));
        c.put("Kafka client", List.of("org.apache.kafka."));
        c.put("spring-kafka", List.of("org.springframework.kafka."));
        c.put("Spring JDBC and transactions", List.of("org.springframework.jdbc.", "org.springframework.transaction."));
        c.put("Spring, other", List.of("org.springframework."));
        c.put("Tomcat", List.of("org.apache.catalina.", "org.apache.tomcat.", "org.apache.coyote."));
        c.put("logging", List.of("ch.qos.logback.", "org.slf4j.", "org.apache.logging."));
        c.put("Resilience4j", List.of("io.github.resilience4j."));
        c.put("UUID.randomUUID (SecureRandom)", List.of("java.util.UUID", "sun.security.provider.NativePRNG",
                "sun.security.provider.SecureRandom", "java.security.SecureRandom"));
        c.put("switchboard (dispatch, queue, sending)", List.of("dev.switchboard."));
        return c;
    }

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** Code paths, inclusive: a sample counts when any frame of its stack starts with one of the prefixes. */
    private static final Map<String, List<String>> PATHS = paths();

    private static Map<String, List<String>> paths() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("dispatcher threads (ChannelDispatcher.run), all", List.of("dev.switchboard.outbound.dispatch.ChannelDispatcher.run"));
        p.put("  SendQueue.ready (the batch query)", List.of("dev.switchboard.outbound.queue.SendQueue.ready"));
        p.put("  SendQueue.nextDue", List.of("dev.switchboard.outbound.queue.SendQueue.nextDue"));
        p.put("  ChannelLease.held (Connection.isValid)", List.of("dev.switchboard.outbound.dispatch.ChannelLease.held"));
        p.put("  deserialising the stored request", List.of("dev.switchboard.schemas.EventDeserializer"));
        p.put("  GraphClient.send (body, HttpClient.sendAsync)", List.of("dev.switchboard.outbound.sending.GraphClient.send"));
        p.put("recording answers (ChannelDispatcher.record, on HttpClient threads)", List.of(
                "dev.switchboard.outbound.dispatch.ChannelDispatcher.record"));
        p.put("  SendQueue.complete (its transaction)", List.of("dev.switchboard.outbound.queue.SendQueue.complete",
                "dev.switchboard.outbound.dispatch.ChannelDispatcher.finish"));
        p.put("  reading the answer (GraphResponses)", List.of("dev.switchboard.outbound.sending.GraphResponses"));
        p.put("intake (RequestIntake.requests)", List.of("dev.switchboard.outbound.queue.RequestIntake.requests"));
        p.put("result relay (ResultRelay.relayOnce)", List.of("dev.switchboard.outbound.dispatch.ResultRelay.relayOnce"));
        p.put("Kafka producer I/O thread", List.of("org.apache.kafka.clients.producer.internals.Sender.run"));
        p.put("Kafka consumer (poll)", List.of("org.apache.kafka.clients.consumer."));
        p.put("JDBC statements (PgPreparedStatement, PgStatement)", List.of("org.postgresql.jdbc.PgPreparedStatement",
                "org.postgresql.jdbc.PgStatement"));
        p.put("Micrometer (Counter/Timer.builder...register per send)", List.of("io.micrometer."));
        p.put("HikariCP getConnection / close", List.of("com.zaxxer.hikari.pool.HikariPool.getConnection",
                "com.zaxxer.hikari.pool.ProxyConnection.close"));
        p.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
        return p;
    }

    /** The switchboard methods that name a wait of the dispatcher thread (first match from the leaf down). */
    private static final List<String> WAIT_SITES = List.of(
            "dev.switchboard.outbound.queue.SendQueue.ready",
            "dev.switchboard.outbound.queue.SendQueue.nextDue", "dev.switchboard.outbound.queue.SendQueue",
            "dev.switchboard.outbound.dispatch.ChannelLease.held", "dev.switchboard.outbound.pacing.Pace.acquire",
            "dev.switchboard.outbound.dispatch.ChannelDispatcher.sleepUntilDueOrWoken",
            "dev.switchboard.outbound.dispatch.ChannelDispatcher.start", "dev.switchboard.outbound.dispatch.ChannelDispatcher",
            "dev.switchboard.");

    private JfrReport() {
    }

    /**
     * The recording settings: JDK's profile.jfc, with no threshold for socket reads and parks (so every PostgreSQL
     * round trip and every wait of the dispatcher thread is an event). Written next to the recording.
     */
    static Path settings(Path dir) throws IOException {
        String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        for (String event : List.of("jdk.SocketRead", "jdk.SocketWrite", "jdk.ThreadPark", "jdk.JavaMonitorEnter",
                "jdk.JavaMonitorWait")) {
            Matcher m = Pattern.compile("(<event name=\"" + Pattern.quote(event) + "\">.*?</event>)", Pattern.DOTALL).matcher(profile);
            if (m.find()) {
                String element = m.group(1).replaceAll("<setting name=\"threshold\"[^>]*>[^<]*</setting>",
                        "<setting name=\"threshold\">0 ms</setting>");
                profile = profile.substring(0, m.start()) + element + profile.substring(m.end());
            }
        }
        Path file = dir.resolve("bench-profile.jfc");
        Files.writeString(file, profile);
        return file;
    }

    /** The report over the events between {@code from} and {@code to}; {@code dispatcher}: the thread to follow. */
    static void print(Path recording, Instant from, Instant to, String dispatcher, PrintStream out, int topMethods)
            throws IOException {
        long total = 0;
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> components = new HashMap<>();
        Map<String, Map<String, Long>> componentsByThread = new HashMap<>();
        Map<String, Long> paths = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        long dispatcherSamples = 0;
        Map<String, Long> waitNanos = new HashMap<>();
        Map<String, Long> waitCounts = new HashMap<>();
        long threadStarts = 0;
        Map<String, Long> startedBy = new HashMap<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                if ("jdk.ThreadStart".equals(type)) {
                    threadStarts++;
                    RecordedStackTrace stack = event.getStackTrace();
                    startedBy.merge(stack == null || stack.getFrames().isEmpty() ? "?" : name(stack.getFrames().get(0)),
                            1L, Long::sum);
                    continue;
                }
                if (!"jdk.ExecutionSample".equals(type)) {
                    RecordedThread thread = event.getThread();
                    if (thread != null && dispatcher.equals(thread.getJavaName()) && isWait(type)) {
                        String site = type.replace("jdk.", "") + " in " + site(event.getStackTrace());
                        waitNanos.merge(site, event.getDuration().toNanos(), Long::sum);
                        waitCounts.merge(site, 1L, Long::sum);
                    }
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                total++;
                RecordedThread thread = event.getThread("sampledThread");
                String javaName = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
                if (dispatcher.equals(javaName)) {
                    dispatcherSamples++;
                }
                String group = CpuMeter.group(javaName);
                threads.merge(group, 1L, Long::sum);
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0)), 1L, Long::sum);
                String component = component(frames);
                components.merge(component, 1L, Long::sum);
                componentsByThread.computeIfAbsent(group, g -> new HashMap<>()).merge(component, 1L, Long::sum);
                PATHS.forEach((path, prefixes) -> {
                    if (frames.stream().map(JfrReport::name).anyMatch(m -> prefixes.stream().anyMatch(m::startsWith))) {
                        paths.merge(path, 1L, Long::sum);
                    }
                });
            }
        }
        if (total == 0) {
            out.println("  (no execution samples in the measured window of " + recording + ")");
            return;
        }
        final long samples = total;
        out.printf("  CPU: %,d execution samples (threads running Java code) in the window%n", samples);
        out.println("  by thread group, and what each runs (components as below):");
        threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> out.printf("    %5.1f %%  %-34s %s%n", 100.0 * e.getValue() / samples, e.getKey(),
                        componentsByThread.get(e.getKey()).entrySet().stream()
                                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                                .map(c -> String.format("%s %.0f%%", shortName(c.getKey()), 100.0 * c.getValue() / samples))
                                .collect(Collectors.joining(", "))));
        out.println("  by component (exclusive: leaf-most non-JDK frame; adds up to 100 %):");
        components.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
        out.println("  by code path (inclusive: the path is somewhere on the stack; paths overlap):");
        PATHS.keySet().forEach(path -> out.printf("    %5.1f %%  %s%n", 100.0 * paths.getOrDefault(path, 0L) / samples, path));
        out.println("  hottest methods (self):");
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
                .limit(topMethods)
                .forEach(e -> out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));

        double window = Duration.between(from, to).toNanos();
        out.printf("  threads started: %,d in the window (%.0f/s), by %s%n", threadStarts, threadStarts / (window / 1e9),
                startedBy.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        long waited = waitNanos.values().stream().mapToLong(Long::longValue).sum();
        out.printf("  wall clock of the dispatcher thread %s over the %.1f s window (events of the thread, by the"
                        + " switchboard method waiting; %,d CPU samples of it):%n", dispatcher, window / 1e9,
                dispatcherSamples);
        waitNanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> out.printf("    %5.1f %%  %-86s %,8d waits, mean %.3f ms%n", 100.0 * e.getValue() / window,
                        e.getKey(), waitCounts.get(e.getKey()), e.getValue() / 1e6 / waitCounts.get(e.getKey())));
        out.printf("    %5.1f %%  the rest: running Java code, or runnable and waiting for a CPU%n",
                100.0 * Math.max(0, window - waited) / window);
    }

    private static boolean isWait(String type) {
        return type.equals("jdk.SocketRead") || type.equals("jdk.SocketWrite") || type.equals("jdk.ThreadPark")
                || type.equals("jdk.JavaMonitorEnter") || type.equals("jdk.JavaMonitorWait") || type.equals("jdk.ThreadSleep");
    }

    private static String site(RecordedStackTrace stack) {
        if (stack == null) {
            return "?";
        }
        for (String prefix : WAIT_SITES) {
            for (RecordedFrame frame : stack.getFrames()) {
                String method = name(frame);
                if (method.startsWith(prefix)) {
                    return method.replace("dev.switchboard.outbound.", "");
                }
            }
        }
        return stack.getFrames().isEmpty() ? "?" : name(stack.getFrames().get(0));
    }

    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String method = name(frame);
            for (Map.Entry<String, List<String>> c : COMPONENTS.entrySet()) {
                if (c.getValue().stream().anyMatch(method::startsWith)) {
                    return c.getKey();
                }
            }
            if (JDK.stream().noneMatch(method::startsWith)) {
                int dot = method.indexOf('.', method.indexOf('.') + 1);
                return "other: " + (dot > 0 ? method.substring(0, dot) : method);
            }
        }
        return "JDK only (thread start, I/O, GC barriers)";
    }

    private static String shortName(String component) {
        int paren = component.indexOf(" (");
        return paren > 0 ? component.substring(0, paren) : component;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
