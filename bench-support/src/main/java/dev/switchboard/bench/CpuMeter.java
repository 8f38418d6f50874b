package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU time of processes, of their threads (or child processes) grouped by name, and of the whole machine, between two
 * snapshots, from {@code /proc} (Linux; elsewhere the figures are simply absent).
 *
 * <p>Two kinds of target: a JVM (its threads, grouped by name: a JVM names its native threads after its Java threads,
 * cut to 15 characters, so GC, JIT, Kafka and listener threads can be told apart), and a process tree such as
 * PostgreSQL's: the postmaster, every live child (grouped by the title PostgreSQL gives it: walwriter, checkpointer,
 * "backend switchboard", ...) and, through the postmaster's cutime/cstime, the children that ended in between. For a
 * JVM also the time its threads spent runnable but waiting for a CPU ({@code /proc/<pid>/task/<tid>/schedstat}): on a
 * shared 2-core machine that is where latency hides.
 */
public final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ; 100 on every Linux this runs on

    private CpuMeter() {
    }

    /**
     * What to measure: a JVM (by thread) or a process tree (by child process). {@code names}: Java thread names by
     * native thread id, where known (from {@link Processes#javaThreadNames}), since /proc cuts names to 15 characters
     * ("ticket-inbound-messages-0-C-1" and "ticket-inbound-statuses-0-C-1" are both "ticket-inbound-" there).
     */
    public record Target(long pid, boolean tree, Map<Long, String> names) {
        public static Target jvm(long pid) {
            return new Target(pid, false, new ConcurrentHashMap<>());
        }

        public static Target jvm(ProcessHandle handle) {
            return jvm(handle.pid());
        }

        public static Target tree(long pid) {
            return new Target(pid, true, Map.of());
        }
    }

    /**
     * Ticks per process (all, and in the kernel), per part ("group#tid" or "role#pid", all and in the kernel), run-queue
     * nanoseconds per thread and per JVM, and the machine's busy and total ticks.
     */
    public record Snapshot(long nanoTime, Map<String, Long> ticks, Map<String, Long> kernelTicks,
                           Map<String, Map<String, Long>> parts, Map<String, Map<String, Long>> partKernel,
                           Map<String, Map<String, Long>> delays, Map<String, Long> runDelayNanos,
                           long machineBusyTicks, long machineTotalTicks) {
    }

    /** CPU used between two snapshots, in cores. */
    public record Usage(double wallSeconds, Map<String, Double> processCores, Map<String, Double> kernelCores,
                        Map<String, Map<String, Double>> partCores, Map<String, Map<String, Double>> partKernelCores,
                        Map<String, Map<String, Double>> runQueue, Map<String, Double> waitingForCpu,
                        double machineBusyCores, double machineCores) {

        public double cores(String process) {
            return processCores.getOrDefault(process, Double.NaN);
        }

        /** The part of a JVM's cores spent in the kernel (system calls: sockets, thread creation, futexes). */
        public double kernel(String process) {
            return kernelCores.getOrDefault(process, Double.NaN);
        }

        /** Cores of the parts (thread groups, PostgreSQL roles) whose name starts with the prefix. */
        public double part(String process, String prefix) {
            return sum(partCores, process, prefix);
        }

        /** The part of {@link #part} spent in the kernel. */
        public double kernel(String process, String prefix) {
            return sum(partKernelCores, process, prefix);
        }

        /** Threads of a JVM waiting for a CPU (runnable, not running), on average over the interval. */
        public double waiting(String process) {
            return waitingForCpu.getOrDefault(process, Double.NaN);
        }

        /** Threads of the group waiting for a CPU, on average over the interval. */
        public double waitingForCpu(String process, String prefix) {
            return sum(runQueue, process, prefix);
        }

        /**
         * Cores used by everything but the named processes (other tenants of the machine, the OS). The machine's and
         * the processes' tick counts are sampled a little differently by the kernel, so this is good to about 0.1
         * core; a small negative difference reads as 0.
         */
        public double otherCores() {
            if (Double.isNaN(machineBusyCores)) {
                return Double.NaN;
            }
            return Math.max(0, machineBusyCores - processCores.values().stream()
                    .filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).sum());
        }

        private static double sum(Map<String, Map<String, Double>> byProcess, String process, String prefix) {
            return byProcess.getOrDefault(process, Map.of()).entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
        }
    }

    public static Snapshot snapshot(Map<String, Target> targets) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<String, Long> kernelTicks = new LinkedHashMap<>();
        Map<String, Map<String, Long>> parts = new LinkedHashMap<>();
        Map<String, Map<String, Long>> kernel = new LinkedHashMap<>();
        Map<String, Map<String, Long>> delays = new LinkedHashMap<>();
        Map<String, Long> runDelays = new LinkedHashMap<>();
        targets.forEach((name, target) -> {
            Map<String, Long> byPart = new HashMap<>();
            Map<String, Long> byKernel = new HashMap<>();
            Map<String, Long> byDelay = new HashMap<>();
            long total = target.tree() ? tree(target.pid(), byPart, byKernel)
                    : jvm(target.pid(), target.names(), byPart, byKernel, byDelay);
            long[] self = stat(Path.of("/proc", String.valueOf(target.pid()), "stat"));
            ticks.put(name, total);
            kernelTicks.put(name, self == null || target.tree() ? -1 : self[1]);
            parts.put(name, byPart);
            kernel.put(name, byKernel);
            delays.put(name, byDelay);
            runDelays.put(name, target.tree() ? -1 : byDelay.values().stream().mapToLong(Long::longValue).sum());
        });
        long[] machine = machine();
        return new Snapshot(System.nanoTime(), ticks, kernelTicks, parts, kernel, delays, runDelays, machine[0],
                machine[1]);
    }

    public static Usage between(Snapshot a, Snapshot b) {
        double wall = (b.nanoTime() - a.nanoTime()) / 1e9;
        Map<String, Double> waiting = new LinkedHashMap<>();
        b.runDelayNanos().forEach((name, ns) -> {
            Long before = a.runDelayNanos().get(name);
            waiting.put(name, before == null || before < 0 || ns < 0 ? Double.NaN : Math.max(0, ns - before) / 1e9 / wall);
        });
        double busy = Double.NaN;
        double total = Double.NaN;
        if (b.machineTotalTicks() > 0 && a.machineTotalTicks() > 0) {
            long dt = b.machineTotalTicks() - a.machineTotalTicks();
            int cpus = Runtime.getRuntime().availableProcessors();
            total = cpus;
            busy = dt == 0 ? 0 : (double) (b.machineBusyTicks() - a.machineBusyTicks()) / dt * cpus;
        }
        return new Usage(wall, cores(a.ticks(), b.ticks(), wall), cores(a.kernelTicks(), b.kernelTicks(), wall),
                grouped(a.parts(), b.parts(), wall, TICKS_PER_SECOND), grouped(a.partKernel(), b.partKernel(), wall,
                TICKS_PER_SECOND), grouped(a.delays(), b.delays(), wall, 1e9), waiting, busy, total);
    }

    private static Map<String, Double> cores(Map<String, Long> a, Map<String, Long> b, double wall) {
        Map<String, Double> cores = new LinkedHashMap<>();
        b.forEach((name, t) -> {
            Long before = a.get(name);
            cores.put(name, before == null || before < 0 || t < 0 ? Double.NaN : (t - before) / TICKS_PER_SECOND / wall);
        });
        return cores;
    }

    /**
     * Per thread (or child process) deltas, summed by group (the key up to its last '#'): a thread that started in
     * between counts in full, one that ended in between drops its last interval (the process total stays exact).
     */
    private static Map<String, Map<String, Double>> grouped(Map<String, Map<String, Long>> a,
                                                            Map<String, Map<String, Long>> b, double wall,
                                                            double unitsPerSecond) {
        Map<String, Map<String, Double>> parts = new LinkedHashMap<>();
        b.forEach((name, after) -> {
            Map<String, Long> before = a.getOrDefault(name, Map.of());
            Map<String, Double> byPart = new HashMap<>();
            after.forEach((part, t) -> {
                long d = t - before.getOrDefault(part, 0L);
                if (d > 0) {
                    byPart.merge(part.substring(0, part.lastIndexOf('#')), d / unitsPerSecond / wall, Double::sum);
                }
            });
            parts.put(name, byPart);
        });
        return parts;
    }

    /**
     * Thread name without its running number: "reactor-http-nio-3" and "reactor-http-nio-1" are one group, and so are
     * the Kafka listener threads "ticket-inbound-messages-0-C-1" and "...-1-C-1".
     */
    public static String group(String threadName) {
        String name = threadName.replaceAll("-\\d+-C-\\d+$", "-C").replaceAll("[-#_ ]?\\d+$", "").replaceAll("\\d+$", "");
        return name.isEmpty() ? threadName : name;
    }

    /** Total ticks of a JVM, and each thread's ticks, kernel ticks and run-queue delay, keyed "group#tid". */
    private static long jvm(long pid, Map<Long, String> names, Map<String, Long> byThread, Map<String, Long> kernel,
                            Map<String, Long> delays) {
        long[] self = stat(Path.of("/proc", String.valueOf(pid), "stat"));
        if (self == null) {
            return -1;
        }
        try (Stream<Path> list = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : list.toList()) {
                String name = names.get(Long.parseLong(task.getFileName().toString()));
                String stat = read(task.resolve("stat"));
                if (name == null && stat != null) {
                    name = comm(stat);
                }
                long[] t = stat == null ? null : stat(stat);
                if (name != null && t != null) {
                    String key = group(name) + "#" + task.getFileName();
                    byThread.put(key, t[0] + t[1]);
                    kernel.put(key, t[1]);
                    String schedstat = read(task.resolve("schedstat"));
                    long delay = schedstat == null ? -1 : runDelay(schedstat);
                    if (delay >= 0) {
                        delays.put(key, delay);
                    }
                }
            }
        } catch (IOException e) {
            // ended
        }
        return self[0] + self[1];
    }

    /**
     * Total ticks of a process tree: the root with its reaped children (cutime, cstime) plus every live descendant;
     * parts keyed "role#pid" by PostgreSQL process title.
     */
    private static long tree(long pid, Map<String, Long> byPart, Map<String, Long> kernel) {
        long[] root = stat(Path.of("/proc", String.valueOf(pid), "stat"));
        if (root == null) {
            return -1;
        }
        long total = root[0] + root[1] + root[2] + root[3];
        byPart.put("postmaster and ended children#" + pid, total);
        kernel.put("postmaster and ended children#" + pid, root[1] + root[3]);
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle == null) {
            return total;
        }
        for (ProcessHandle child : handle.descendants().toList()) {
            long[] t = stat(Path.of("/proc", String.valueOf(child.pid()), "stat"));
            if (t == null) {
                continue;
            }
            total += t[0] + t[1];
            String cmdline = read(Path.of("/proc", String.valueOf(child.pid()), "cmdline"));
            String role = (cmdline == null ? "ended" : postgresRole(cmdline)) + "#" + child.pid();
            byPart.put(role, t[0] + t[1]);
            kernel.put(role, t[1]);
        }
        return total;
    }

    /**
     * "walwriter", "checkpointer", "autovacuum worker", "backend <database>", ... from a process's
     * {@code /proc/<pid>/cmdline} (NUL-separated; PostgreSQL sets it to its process title).
     */
    static String postgresRole(String rawCmdline) {
        String cmdline = rawCmdline.replace('\0', ' ').trim();
        if (cmdline.isEmpty()) {
            return "exiting"; // a zombie: ended, not reaped yet
        }
        if (!cmdline.startsWith("postgres: ")) {
            return "other";
        }
        String title = cmdline.substring("postgres: ".length());
        String[] words = title.split("\\s+");
        // A backend: "postgres: <user> <database> <host(port)> <state>"
        if (words.length >= 3 && words[2].contains("(")) {
            return "backend " + words[1];
        }
        return title.replaceAll("\\s+\\S*\\d+\\S*$", "").trim();
    }

    /** Nanoseconds the thread spent runnable but waiting for a CPU (second field of schedstat), or -1. */
    static long runDelay(String schedstat) {
        try {
            return Long.parseLong(schedstat.trim().split("\\s+")[1]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long[] stat(Path stat) {
        String s = read(stat);
        return s == null ? null : stat(s);
    }

    /** {utime, stime, cutime, cstime} in ticks from a {@code /proc/.../stat} line, or null. */
    static long[] stat(String s) {
        try {
            // the name (field 2) is in parentheses and may hold spaces and parentheses itself: count from the last ')'
            String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3); utime, stime, cutime, cstime are fields 14 to 17
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14])};
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The name in a {@code /proc/.../stat} line (what is between the first '(' and the last ')'). */
    static String comm(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        return open < 0 || close < open ? null : stat.substring(open + 1, close);
    }

    /** {busy, total} ticks of all CPUs from the first line of {@code /proc/stat}, or {-1, -1}. */
    static long[] machine(String cpuLine) {
        try {
            String[] f = cpuLine.trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            // steal (time the hypervisor gave to other machines) counts as busy: those cores were not ours then
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, busy + idle + iowait};
        } catch (RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    private static long[] machine() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            return machine(lines.get(0));
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
