package dev.switchboard.ingress.bench;

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
 * Where the service's Java threads spend their CPU, from the execution samples of a JFR recording:
 * <ul>
 *   <li>by thread group;</li>
 *   <li>by component, exclusively: each sample goes to the component of the leaf-most frame that is not plain JDK
 *       code (a HashMap lookup inside Micrometer is Micrometer's), so the components add up to 100 %;</li>
 *   <li>by code path, inclusively: a sample counts for a path when the path is anywhere on its stack;</li>
 *   <li>the hottest methods by self time.</li>
 * </ul>
 * JFR samples only threads running Java code: GC, JIT compilation and time in the kernel are in the per-thread CPU
 * figures read from /proc instead.
 */
final class JfrReport {

    /** Components, checked in this order for each frame from the leaf down; the first match takes the sample. */
    private static final Map<String, List<String>> COMPONENTS = components();

    private static Map<String, List<String>> components() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("lz4 compression", List.of("net.jpountz.", "org.apache.kafka.common.compress."));
        c.put("Avro serialisation", List.of("org.apache.avro.", "dev.switchboard.schemas.", "dev.switchboard.events."));
        c.put("JSON parsing (Jackson)", List.of("tools.jackson.", "com.fasterxml.jackson."));
        c.put("webhook parser (MetaWebhookParser, Json)", List.of("dev.switchboard.ingress.meta.MetaWebhookParser",
                "dev.switchboard.ingress.meta.Json"));
        c.put("HMAC-SHA256", List.of("dev.switchboard.ingress.signature.", "javax.crypto.", "com.sun.crypto.provider.",
                "sun.security.provider.SHA2", "sun.security.provider.DigestBase"));
        c.put("UUID.randomUUID (SecureRandom)", List.of("java.util.UUID", "sun.security.provider.NativePRNG",
                "sun.security.provider.SecureRandom", "java.security.SecureRandom"));
        c.put("Micrometer (metrics, observations)", List.of("io.micrometer."));
        c.put("Kafka client", List.of("org.apache.kafka."));
        c.put("spring-kafka", List.of("org.springframework.kafka."));
        c.put("Reactor (operators, schedulers)", List.of("reactor.core.", "reactor.util."));
        c.put("Spring (WebFlux, HTTP, Boot)", List.of("org.springframework."));
        c.put("Netty, Reactor Netty (HTTP codec, sockets)", List.of("reactor.netty.", "io.netty.", "sun.nio.ch."));
        c.put("switchboard, other", List.of("dev.switchboard."));
        return c;
    }

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** Code paths, inclusive: a sample counts when any frame of its stack starts with one of the prefixes. */
    private static final Map<String, List<String>> PATHS = paths();

    private static Map<String, List<String>> paths() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("webhook handler (MetaWebhookHandler, WebhookIntake) and everything below it", List.of(
                "dev.switchboard.ingress.meta.MetaWebhookHandler", "dev.switchboard.ingress.webhook.WebhookIntake"));
        p.put("  MetaWebhookParser.parse (JSON tree + typed events)", List.of("dev.switchboard.ingress.meta.MetaWebhookParser.parse"));
        p.put("  MetaSignature.isValid (HMAC-SHA256)", List.of("dev.switchboard.ingress.signature.MetaSignature.isValid"));
        p.put("  WebhookPublisher.publish up to KafkaProducer.send returning (serialise, append)", List.of(
                "org.apache.kafka.clients.producer.KafkaProducer.send", "org.apache.kafka.clients.producer.KafkaProducer.doSend"));
        p.put("Kafka producer I/O thread, all", List.of("org.apache.kafka.clients.producer.internals.Sender.run"));
        p.put("  compressing batches (lz4) on that thread", List.of("org.apache.kafka.common.compress.Lz4BlockOutputStream"));
        p.put("  acknowledgement callbacks, incl. what they run there (the webhook's reply)", List.of(
                "org.apache.kafka.clients.producer.internals.ProducerBatch.completeFutureAndFireCallbacks"));
        p.put("reply written after Kafka's ack (DispatcherHandler.handleResult and below)", List.of(
                "org.springframework.web.reactive.DispatcherHandler.handleResult"));
        p.put("http.server.requests observation", List.of(
                "org.springframework.web.server.adapter.HttpWebHandlerAdapter$ObservationSignalListener",
                "io.micrometer.observation."));
        p.put("switchboard metrics (WebhookMetrics: meter lookup per request)", List.of("dev.switchboard.ingress.webhook.WebhookMetrics"));
        p.put("UUID.randomUUID", List.of("java.util.UUID.randomUUID"));
        p.put("logging", List.of("ch.qos.logback.", "org.slf4j.", "org.apache.logging."));
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
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName())
                        || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                total++;
                RecordedThread thread = event.getThread("sampledThread");
                String group = CpuMeter.group(thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName());
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
        out.printf("  %,d execution samples (threads running Java code) in the measured window%n", samples);
        out.println("  by thread group, and what each runs (components as below):");
        threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .forEach(e -> out.printf("    %5.1f %%  %-40s %s%n", 100.0 * e.getValue() / samples, e.getKey(),
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
