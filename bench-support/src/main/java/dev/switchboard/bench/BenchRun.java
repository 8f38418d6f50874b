package dev.switchboard.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The harness every benchmark driver shares: the transcript, stopping what it started however it ends, the opening
 * lines, and the small helpers of its output.
 */
public final class BenchRun {

    /** The names the benchmarks give their processes in the CPU figures. */
    public static final String SERVICE = "service";
    public static final String BROKER = "broker";
    public static final String POSTGRES = "postgres";

    private BenchRun() {
    }

    /** A benchmark driver: runs its phases, printing to the stream it was made with, and stops what it started. */
    public interface Benchmark {
        void run() throws Exception;

        /** Stops every process it started; called once at the end and again by the JVM's shutdown hook. */
        void stopAll();
    }

    /** A benchmark's settings: where its transcript, logs and data go. */
    public interface Settings {
        Path outDir();
    }

    /**
     * Runs the benchmark made of these settings and its output stream, with its output going to the console and to
     * {@code outDir/bench-output.txt}; stops what it started (also when the JVM is stopped), and ends the JVM: exit
     * code 1 if it failed.
     */
    public static <S extends Settings> void main(S settings, BiFunction<S, PrintStream, Benchmark> benchmark)
            throws IOException {
        System.exit(execute(settings.outDir(), out -> benchmark.apply(settings, out), System.out));
    }

    /** {@link #main} without ending the JVM: the exit code. */
    static int execute(Path outDir, Function<PrintStream, Benchmark> create, PrintStream console) throws IOException {
        Files.createDirectories(outDir);
        Path transcript = outDir.resolve("bench-output.txt");
        int exit = 0;
        try (OutputStream file = new FileOutputStream(transcript.toFile());
             PrintStream out = new PrintStream(new Tee(console, file), true, StandardCharsets.UTF_8)) {
            Benchmark benchmark = create.apply(out);
            Thread hook = new Thread(benchmark::stopAll, "bench-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                benchmark.run();
            } catch (Exception | Error e) {
                out.println("BENCHMARK FAILED: " + e);
                e.printStackTrace(out);
                exit = 1;
            } finally {
                benchmark.stopAll();
                Runtime.getRuntime().removeShutdownHook(hook);
                out.println("Transcript: " + transcript);
            }
        }
        return exit;
    }

    /**
     * The opening of a run: its title and what shares the machine's CPUs ({@link #printHeader}), the service jar it
     * needs ({@link #requireJar}), and how busy the machine is before it starts ({@link #printIdle}).
     */
    public static void begin(PrintStream out, String service, String sharedBy, Path jar, String driver)
            throws InterruptedException {
        printHeader(out, service + " benchmark", sharedBy);
        requireJar(jar, service);
        printIdle(out, driver);
    }

    /** "== title, date ==" and the machine's line: what shares its CPUs. */
    public static void printHeader(PrintStream out, String title, String sharedBy) {
        out.printf("== %s, %s ==%n", title, ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
        out.printf("machine: %d CPUs, shared by %s (and whatever else runs here); Java %s%n",
                Runtime.getRuntime().availableProcessors(), sharedBy, System.getProperty("java.version"));
    }

    /** Fails with the command that builds the jar when it is missing. */
    public static void requireJar(Path jar, String module) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no service jar at " + jar + "; build it first (./mvnw -pl " + module
                    + " -am package -DskipTests)");
        }
    }

    /** Measures the machine for 3 s before anything starts and says how busy other processes keep it. */
    public static CpuMeter.Usage printIdle(PrintStream out, String driver) throws InterruptedException {
        Map<String, CpuMeter.Target> self = Map.of(driver, CpuMeter.Target.jvm(ProcessHandle.current()));
        CpuMeter.Snapshot from = CpuMeter.snapshot(self);
        Thread.sleep(3000);
        CpuMeter.Usage idle = CpuMeter.between(from, CpuMeter.snapshot(self));
        out.printf(Locale.ROOT, "before starting: other processes keep %.2f of %d cores busy%s%n", idle.otherCores(),
                Runtime.getRuntime().availableProcessors(), idle.otherCores() > 0.2
                        ? " (the machine is not quiet: expect lower and noisier figures)" : "");
        return idle;
    }

    /** "    CPU, in cores (of n): service 0.52, broker 0.10, ..., anything else 0.05; machine busy 0.70". */
    public static StringBuilder cpuLine(CpuMeter.Usage cpu) {
        StringBuilder line = new StringBuilder("    CPU, in cores (of " + Runtime.getRuntime().availableProcessors() + "):");
        cpu.processCores().forEach((name, cores) -> line.append(String.format(Locale.ROOT, " %s %.2f,", name, cores)));
        return line.append(String.format(Locale.ROOT, " anything else %.2f; machine busy %.2f", cpu.otherCores(),
                cpu.machineBusyCores()));
    }

    /** The cores a JVM's JIT compiler threads used: more than 0.05 means it was not warm yet. */
    public static double compilerCores(CpuMeter.Usage usage, String process) {
        return usage.partCores().getOrDefault(process, Map.of()).entrySet().stream()
                .filter(e -> e.getKey().contains("CompilerThre")).mapToDouble(Map.Entry::getValue).sum();
    }

    /** Says so when the process's JIT compilers used more than 0.1 cores over the phase: it was not warm yet. */
    public static void noteJit(PrintStream out, CpuMeter.Usage cpu, String process) {
        double jit = compilerCores(cpu, process);
        if (jit > 0.1) {
            out.printf(Locale.ROOT, "    NOTE: the %s's JIT compilers used %.2f cores here: not all warm yet%n", process, jit);
        }
    }

    /**
     * A service JVM's garbage collection between two scrapes of its metrics, {@code wall} seconds apart: "3 GC pauses,
     * 12 ms in all (0.2 % of the time), allocating 150 MB/s"; null when the metrics could not be read.
     */
    public static String gc(Map<String, Double> a, Map<String, Double> b, double wall) {
        double count = delta(a, b, "jvm_gc_pause_seconds_count");
        double seconds = delta(a, b, "jvm_gc_pause_seconds_sum");
        double allocated = delta(a, b, "jvm_gc_memory_allocated_bytes_total");
        if (Double.isNaN(count)) {
            return null;
        }
        return String.format(Locale.ROOT, "%.0f GC pauses, %.0f ms in all (%.1f %% of the time), allocating %,.0f MB/s",
                count, seconds * 1000, 100 * seconds / wall, allocated / 1e6 / wall);
    }

    /** The {@code n} largest groups, "name 0.12, ...", leaving out those under 0.005. */
    public static String top(Map<String, Double> groups, int n) {
        return groups.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 0.005)
                .limit(n)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /**
     * How much a metric grew between two scrapes; NaN when either could not be read. A counter that the service
     * registers on first use is missing from the first: 0 then.
     */
    public static double delta(Map<String, Double> a, Map<String, Double> b, String name) {
        if (a.isEmpty() || !b.containsKey(name)) {
            return Double.NaN;
        }
        return b.get(name) - a.getOrDefault(name, 0.0);
    }

    /** An integer system property ("200_000" reads as 200000), or the fallback. */
    public static int integer(String name, int fallback) {
        return Integer.parseInt(System.getProperty(name, String.valueOf(fallback)).trim().replace("_", ""));
    }

    /**
     * The channels file the services read ({@code SPRING_CONFIG_ADDITIONAL_LOCATION}): {@code switchboard.channels}
     * with each channel's settings by id, as YAML under a comment line.
     */
    public static String channelsYaml(String comment, Map<String, ?> channels) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return "# " + comment + "\n" + new Yaml(options).dump(Map.of("switchboard", Map.of("channels", channels)));
    }

    /**
     * The producer settings of ingress-service (acks=all, idempotent, lz4, linger 5 ms): a baseline or a pre-load
     * writes the topics as the service does.
     */
    public static Map<String, Object> producerLikeIngress(String bootstrapServers) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return config;
    }

    /** Closes what a benchmark started, if it did, ignoring failures: the run is ending either way. */
    public static void closeQuietly(AutoCloseable started) {
        if (started == null) {
            return;
        }
        try {
            started.close();
        } catch (Exception e) {
            // the run is ending
        }
    }

    /** {@code dir/name}, deleted if it was there: a log of this run only. */
    public static Path fresh(Path dir, String name) throws IOException {
        Path log = dir.resolve(name);
        Files.deleteIfExists(log);
        return log;
    }

    /** A pause between phases, so that one phase's tail does not run into the next one's figures. */
    public static void settle() throws InterruptedException {
        Thread.sleep(3000);
    }

    public static double seconds(long beganNanos) {
        return (System.nanoTime() - beganNanos) / 1e9;
    }

    /** Writes to the console and the transcript file. */
    static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
