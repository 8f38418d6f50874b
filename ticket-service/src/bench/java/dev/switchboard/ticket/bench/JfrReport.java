package dev.switchboard.ticket.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the service's time goes, from a JFR recording (settings=profile), over a window of it:
 * <ul>
 *   <li>execution samples (threads running Java code): by thread group; by component, exclusively (each sample goes
 *       to the component of the leaf-most frame that is not plain JDK code, so they add up to 100 %); by code path,
 *       inclusively (a sample counts for a path when the path is anywhere on its stack); the hottest methods;</li>
 *   <li>native-method samples of the Kafka listener threads (a thread waiting for PostgreSQL's answer sits in a native
 *       socket poll): which statement of the service it waits for.</li>
 * </ul>
 * GC, JIT and time in the kernel are not sampled: they are in the per-thread CPU figures read from /proc.
 */
final class JfrReport {

    /** Components, checked in this order for each frame from the leaf down; the first match takes the sample. */
    private static final Map<String, List<String>> COMPONENTS = components();

    private static Map<String, List<String>> components() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("PostgreSQL JDBC driver (pgjdbc)", List.of("org.postgresql."));
        c.put("HikariCP (connection pool)", List.of("com.zaxxer.hikari."));
        c.put("Avro (de)serialisation", List.of("org.apache.avro.", "dev.switchboard.schemas.", "dev.switchboard.events."));
        c.put("Jackson (article content JSON)", List.of("tools.jackson.", "com.fasterxml.jackson."));
        c.put("lz4 decompression", List.of("net.jpountz.", "org.apache.kafka.common.compress."));
        c.put("Kafka client", List.of("org.apache.kafka."));
        c.put("spring-kafka", List.of("org.springframework.kafka."));
        c.put("Spring JDBC (JdbcClient, JdbcTemplate)", List.of("org.springframework.jdbc."));
        c.put("Spring transactions, AOP, proxies", List.of("org.springframework.transaction.", "org.springframework.aop.",
                "org.springframework.cglib.", "dev.switchboard.ticket.ticket.InboundMessages$$",
                "dev.switchboard.ticket.outbox.Outbox$$"));
        c.put("Micrometer (metrics, observations)", List.of("io.micrometer."));
        c.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
        c.put("Tomcat (HTTP: probes, metrics scrapes)", List.of("org.apache.catalina.", "org.apache.coyote.",
                "org.apache.tomcat."));
        c.put("Spring, other", List.of("org.springframework."));
        c.put("ticket-service code", List.of("dev.switchboard.ticket."));
        return c;
    }

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private static final String REPOSITORY = "dev.switchboard.ticket.ticket.TicketRepository.";

    /** Code paths, inclusive: a sample counts when any frame of its stack starts with one of the prefixes. */
    private static final Map<String, List<String>> PATHS = paths();

    private static Map<String, List<String>> paths() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("Kafka listener container thread, all (poll, apply, commit)", List.of(
                "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run"));
        p.put("  KafkaConsumer.poll (fetch, decompress, deserialise)", List.of(
                "org.apache.kafka.clients.consumer.KafkaConsumer.poll"));
        p.put("    of which Avro deserialisation (EventDeserializer)", List.of("dev.switchboard.schemas.EventDeserializer.deserialize"));
        p.put("  offset commit (commitSync)", List.of("org.apache.kafka.clients.consumer.KafkaConsumer.commitSync"));
        p.put("  RecordBatches.apply: the batch's transaction", List.of("dev.switchboard.ticket.intake.RecordBatches.apply"));
        p.put("    InboundMessages.handle", List.of("dev.switchboard.ticket.ticket.InboundMessages.handle"));
        p.put("      TicketRepository, all statements", List.of(REPOSITORY));
        for (String method : List.of("articleExists", "upsertConversation", "openTicket", "createTicket", "insertInbound",
                "customerWrote", "touch", "markWelcomed", "articleByMessageId", "react", "setOptedOut", "insertOutbound")) {
            p.put("        " + method, List.of(REPOSITORY + method));
        }
        p.put("      Outbox.add (serialise + insert)", List.of("dev.switchboard.ticket.outbox.Outbox.add"));
        p.put("      TicketEvents (building events)", List.of("dev.switchboard.ticket.ticket.TicketEvents."));
        p.put("      InboundContent.of (content map)", List.of("dev.switchboard.ticket.ticket.InboundContent.of"));
        p.put("      Jackson writeValueAsString (content JSON)", List.of("tools.jackson.databind.ObjectMapper.writeValueAsString"));
        p.put("    commit (DataSourceTransactionManager)", List.of(
                "org.springframework.transaction.support.AbstractPlatformTransactionManager.commit"));
        p.put("    transaction begin (getTransaction)", List.of(
                "org.springframework.transaction.support.AbstractPlatformTransactionManager.getTransaction"));
        p.put("  Micrometer / observation around the listener", List.of("io.micrometer."));
        p.put("outbox relay (OutboxRelay.relayOnce)", List.of("dev.switchboard.ticket.outbox.OutboxRelay.relayOnce"));
        p.put("Kafka producer I/O thread (Sender.run)", List.of("org.apache.kafka.clients.producer.internals.Sender.run"));
        p.put("pgjdbc, all (building, sending, parsing)", List.of("org.postgresql."));
        p.put("HTTP (actuator probes, prometheus scrapes)", List.of("org.apache.catalina.", "org.apache.coyote."));
        p.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
        return p;
    }

    private JfrReport() {
    }

    /** The report over the samples taken between {@code from} and {@code to}. */
    static void print(Path recording, Instant from, Instant to, PrintStream out, int topMethods) throws IOException {
        long total = 0;
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> components = new HashMap<>();
        Map<String, Map<String, Long>> componentsByThread = new HashMap<>();
        Map<String, Long> paths = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        long nativeListener = 0;
        Map<String, Long> waits = new HashMap<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                boolean execution = "jdk.ExecutionSample".equals(type);
                boolean nativeSample = "jdk.NativeMethodSample".equals(type);
                if ((!execution && !nativeSample) || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                RecordedThread thread = event.getThread("sampledThread");
                String group = CpuMeter.group(thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName());
                List<RecordedFrame> frames = stack.getFrames();
                if (nativeSample) {
                    if (group.startsWith("ticket-inbound-messages")) {
                        nativeListener++;
                        waits.merge(waitingFor(frames), 1L, Long::sum);
                    }
                    continue;
                }
                total++;
                threads.merge(group, 1L, Long::sum);
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
            out.println("  (no execution samples in the window of " + recording + ")");
            return;
        }
        final long samples = total;
        out.printf("  %,d execution samples (threads running Java code) in the window%n", samples);
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
        PATHS.keySet().forEach(path -> out.printf("    %5.1f %%  %s%n",
                100.0 * paths.getOrDefault(path, 0L) / samples, path));
        out.println("  hottest methods (self):");
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
                .limit(topMethods)
                .forEach(e -> out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
        if (nativeListener > 0) {
            final long n = nativeListener;
            out.printf("  the listener threads while in native code (%,d native-method samples: mostly waiting for"
                    + " PostgreSQL's or the broker's answer), by what they wait for:%n", n);
            waits.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(16)
                    .forEach(e -> out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / n, e.getKey()));
        }
    }

    /** What a listener thread in native code waits for: the statement (repository method), the commit, the poll. */
    private static String waitingFor(List<RecordedFrame> frames) {
        boolean postgres = false;
        for (RecordedFrame frame : frames) {
            String method = name(frame);
            if (method.startsWith("org.postgresql.")) {
                postgres = true;
            }
            if (method.startsWith(REPOSITORY)) {
                return "PostgreSQL: TicketRepository." + method.substring(REPOSITORY.length());
            }
            if (method.startsWith("dev.switchboard.ticket.outbox.Outbox.add")) {
                return "PostgreSQL: Outbox.add (insert into outbox)";
            }
            if (method.startsWith("org.springframework.transaction.support.AbstractPlatformTransactionManager.commit")) {
                return "PostgreSQL: commit (WAL flush)";
            }
            if (method.startsWith("org.springframework.transaction.support.AbstractPlatformTransactionManager.getTransaction")) {
                return "PostgreSQL: begin (setAutoCommit false)";
            }
            if (method.startsWith("org.apache.kafka.clients.consumer.KafkaConsumer.commitSync")) {
                return "Kafka: offset commit (commitSync)";
            }
            if (method.startsWith("org.apache.kafka.clients.consumer.KafkaConsumer.poll")) {
                return "Kafka: poll (fetch)";
            }
        }
        return (postgres ? "PostgreSQL: other" : "other") + " (" + name(frames.get(0)) + ")";
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
