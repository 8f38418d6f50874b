package dev.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service's time goes, from a JFR recording, over a window of it:
 * <ul>
 *   <li>execution samples (threads running Java code): by thread group; by component, exclusively (each sample goes
 *       to the component of the leaf-most frame that is not plain JDK code, so they add up to 100 %); by code path,
 *       inclusively (a sample counts for a path when the path is anywhere on its stack); the hottest methods;</li>
 *   <li>optionally ({@link #nativeWaits}) native-method samples of a thread group (a thread waiting for PostgreSQL's
 *       answer sits in a native socket poll), by what it waits for;</li>
 *   <li>optionally (a thread named to {@link #print(Path, Instant, Instant, String, PrintStream, int)}) the threads
 *       started in the window and the wall clock of that one thread: with {@link #settings} every socket read and
 *       park is an event, so its time splits into waits by the method waiting ({@link #waitSites}) and the rest.</li>
 * </ul>
 * GC, JIT and time in the kernel are not sampled: they are in the per-thread CPU figures of {@link CpuMeter}. Each
 * benchmark names its own components and paths.
 */
public final class JfrReport {

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final List<String> WAITS = List.of("jdk.SocketRead", "jdk.SocketWrite", "jdk.ThreadPark",
            "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.ThreadSleep");

    private final Map<String, List<String>> components;
    private final Map<String, List<String>> paths;
    private int groupsShown = 8;
    private int groupWidth = 34;
    private String nativeGroup;
    private Function<List<String>, String> nativeWaitFor;
    private List<String> waitSites = List.of("dev.switchboard.");
    private String waitSiteStrip = "";

    /**
     * {@code components}: checked in this order for each frame from the leaf down, the first match (a method name
     * prefix) takes the sample. {@code paths}: a sample counts for a path when any frame starts with one of its
     * prefixes.
     */
    public JfrReport(Map<String, List<String>> components, Map<String, List<String>> paths) {
        this.components = new LinkedHashMap<>(components);
        this.paths = new LinkedHashMap<>(paths);
    }

    /**
     * A report named by a classpath resource of this benchmark: sections {@code [components]} and {@code [paths]} of
     * lines {@code name = prefix, prefix} (a path's name keeps its leading spaces, which indent it in the report), and
     * optionally {@code [wait sites]}, one method prefix a line ({@link #waitSites}); {@code #} starts a comment line.
     */
    public static JfrReport fromResource(String resource) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        List<String> sites = new ArrayList<>();
        String section = null;
        try (InputStream in = JfrReport.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource + " on the classpath");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[") && line.strip().endsWith("]")) {
                    section = line.strip().substring(1, line.strip().length() - 1);
                } else if ("wait sites".equals(section)) {
                    sites.add(line.strip());
                } else {
                    int eq = line.indexOf(" = ");
                    if (section == null || eq < 0) {
                        throw new IllegalArgumentException(resource + ": not \"name = prefixes\" in a section: " + line);
                    }
                    sections.computeIfAbsent(section, k -> new LinkedHashMap<>())
                            .put(line.substring(0, eq).stripTrailing(), List.of(line.substring(eq + 3).strip().split(",\\s*")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JfrReport report = new JfrReport(sections.getOrDefault("components", Map.of()),
                sections.getOrDefault("paths", Map.of()));
        return sites.isEmpty() ? report : report.waitSites(sites, "");
    }

    /** How many thread groups to show, and the width of their name column (default 8, 34). */
    public JfrReport threadGroups(int shown, int width) {
        this.groupsShown = shown;
        this.groupWidth = width;
        return this;
    }

    /**
     * Also sorts the native-method samples of the thread group starting with {@code group} by what they wait for:
     * {@code waitingFor} gets the stack's method names, leaf first.
     */
    public JfrReport nativeWaits(String group, Function<List<String>, String> waitingFor) {
        this.nativeGroup = group;
        this.nativeWaitFor = waitingFor;
        return this;
    }

    /**
     * The methods that name a wait of the followed thread: the first prefix (in this order) that a frame of the wait's
     * stack starts with names it, without {@code strip}.
     */
    public JfrReport waitSites(List<String> sites, String strip) {
        this.waitSites = List.copyOf(sites);
        this.waitSiteStrip = strip;
        return this;
    }

    /** What to leave out of a wait site's name in the report (the service's package, say). */
    public JfrReport stripFromWaitSites(String strip) {
        this.waitSiteStrip = strip;
        return this;
    }

    /**
     * The recording settings: JDK's profile.jfc, with no threshold for socket reads, writes, parks and monitor waits
     * (so every PostgreSQL round trip and every wait of a thread is an event). Written to {@code dir}.
     */
    public static Path settings(Path dir) throws IOException {
        String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        for (String event : WAITS.subList(0, 5)) {
            Matcher m = Pattern.compile("(<event name=\"" + Pattern.quote(event) + "\">.*?</event>)", Pattern.DOTALL)
                    .matcher(profile);
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

    /** The report over the events between {@code from} and {@code to}. */
    public void print(Path recording, Instant from, Instant to, PrintStream out, int topMethods) throws IOException {
        print(recording, from, to, null, out, topMethods);
    }

    /** The report, with the wall clock of the Java thread {@code followed} (none if null). */
    public void print(Path recording, Instant from, Instant to, String followed, PrintStream out, int topMethods)
            throws IOException {
        Tally t = new Tally();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getStartTime().isBefore(from) && !event.getStartTime().isAfter(to)) {
                    t.add(event, followed);
                }
            }
        }
        if (t.total == 0) {
            out.println("  (no execution samples in the window of " + recording + ")");
            return;
        }
        long samples = t.total;
        out.printf("  %,d execution samples (threads running Java code) in the window%n", samples);
        out.println("  by thread group, and what each runs (components as below):");
        sorted(t.threads).limit(groupsShown)
                .forEach(e -> out.printf("    %5.1f %%  %-" + groupWidth + "s %s%n", 100.0 * e.getValue() / samples,
                        e.getKey(), sorted(t.componentsByThread.get(e.getKey())).limit(5)
                                .map(c -> String.format("%s %.0f%%", shortName(c.getKey()), 100.0 * c.getValue() / samples))
                                .collect(Collectors.joining(", "))));
        out.println("  by component (exclusive: leaf-most non-JDK frame; adds up to 100 %):");
        sorted(t.components).forEach(e -> out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
        out.println("  by code path (inclusive: the path is somewhere on the stack; paths overlap):");
        paths.keySet().forEach(path -> out.printf("    %5.1f %%  %s%n", 100.0 * t.paths.getOrDefault(path, 0L) / samples,
                path));
        out.println("  hottest methods (self):");
        t.self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
                .limit(topMethods)
                .forEach(e -> out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
        if (t.nativeSamples > 0) {
            long n = t.nativeSamples;
            out.printf("  the %s threads while in native code (%,d native-method samples: mostly waiting for an answer"
                    + " over a socket), by what they wait for:%n", nativeGroup, n);
            sorted(t.nativeWaits).limit(16).forEach(e -> out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / n,
                    e.getKey()));
        }
        if (followed != null) {
            double window = Duration.between(from, to).toNanos();
            out.printf(Locale.ROOT, "  threads started: %,d in the window (%.0f/s), by %s%n", t.threadStarts,
                    t.threadStarts / (window / 1e9), sorted(t.startedBy).limit(3)
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            long waited = t.waitNanos.values().stream().mapToLong(Long::longValue).sum();
            out.printf(Locale.ROOT, "  wall clock of the thread %s over the %.1f s window (events of the thread, by the"
                    + " switchboard method waiting; %,d CPU samples of it):%n", followed, window / 1e9, t.followedSamples);
            sorted(t.waitNanos).limit(12).forEach(e -> out.printf(Locale.ROOT, "    %5.1f %%  %-86s %,8d waits, mean"
                    + " %.3f ms%n", 100.0 * e.getValue() / window, e.getKey(), t.waitCounts.get(e.getKey()),
                    e.getValue() / 1e6 / t.waitCounts.get(e.getKey())));
            out.printf(Locale.ROOT, "    %5.1f %%  the rest: running Java code, or runnable and waiting for a CPU%n",
                    100.0 * Math.max(0, window - waited) / window);
        }
    }

    /** What the events of the window add up to. */
    private final class Tally {
        long total;
        final Map<String, Long> threads = new HashMap<>();
        final Map<String, Long> components = new HashMap<>();
        final Map<String, Map<String, Long>> componentsByThread = new HashMap<>();
        final Map<String, Long> paths = new HashMap<>();
        final Map<String, Long> self = new HashMap<>();
        long nativeSamples;
        final Map<String, Long> nativeWaits = new HashMap<>();
        long followedSamples;
        final Map<String, Long> waitNanos = new HashMap<>();
        final Map<String, Long> waitCounts = new HashMap<>();
        long threadStarts;
        final Map<String, Long> startedBy = new HashMap<>();

        void add(RecordedEvent event, String followed) {
            String type = event.getEventType().getName();
            RecordedStackTrace stack = event.getStackTrace();
            List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
            if ("jdk.ThreadStart".equals(type)) {
                threadStarts++;
                startedBy.merge(frames.isEmpty() ? "?" : name(frames.get(0)), 1L, Long::sum);
                return;
            }
            if (followed != null && WAITS.contains(type)) {
                RecordedThread thread = event.getThread();
                if (thread != null && followed.equals(thread.getJavaName())) {
                    String site = type.replace("jdk.", "") + " in " + site(frames);
                    waitNanos.merge(site, event.getDuration().toNanos(), Long::sum);
                    waitCounts.merge(site, 1L, Long::sum);
                }
                return;
            }
            boolean execution = "jdk.ExecutionSample".equals(type);
            boolean nativeSample = "jdk.NativeMethodSample".equals(type);
            if ((!execution && !nativeSample) || frames.isEmpty()) {
                return;
            }
            RecordedThread thread = event.getThread("sampledThread");
            String javaName = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
            String group = CpuMeter.group(javaName);
            if (nativeSample) {
                if (nativeGroup != null && group.startsWith(nativeGroup)) {
                    nativeSamples++;
                    nativeWaits.merge(nativeWaitFor.apply(frames.stream().map(JfrReport::name).toList()), 1L, Long::sum);
                }
                return;
            }
            total++;
            if (javaName.equals(followed)) {
                followedSamples++;
            }
            threads.merge(group, 1L, Long::sum);
            self.merge(name(frames.get(0)), 1L, Long::sum);
            String component = component(frames);
            components.merge(component, 1L, Long::sum);
            componentsByThread.computeIfAbsent(group, g -> new HashMap<>()).merge(component, 1L, Long::sum);
            JfrReport.this.paths.forEach((path, prefixes) -> {
                if (frames.stream().map(JfrReport::name).anyMatch(m -> prefixes.stream().anyMatch(m::startsWith))) {
                    paths.merge(path, 1L, Long::sum);
                }
            });
        }
    }

    private String site(List<RecordedFrame> frames) {
        for (String prefix : waitSites) {
            for (RecordedFrame frame : frames) {
                String method = name(frame);
                if (method.startsWith(prefix)) {
                    return method.replace(waitSiteStrip, "");
                }
            }
        }
        return frames.isEmpty() ? "?" : name(frames.get(0));
    }

    private String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String method = name(frame);
            for (Map.Entry<String, List<String>> c : components.entrySet()) {
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

    private static java.util.stream.Stream<Map.Entry<String, Long>> sorted(Map<String, Long> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed());
    }

    private static String shortName(String component) {
        int paren = component.indexOf(" (");
        return paren > 0 ? component.substring(0, paren) : component;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
