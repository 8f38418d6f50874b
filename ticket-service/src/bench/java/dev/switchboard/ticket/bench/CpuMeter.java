package dev.switchboard.ticket.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of processes, of their threads (or child processes) grouped by name, and of the whole machine, between two
 * snapshots, from {@code /proc} (Linux; elsewhere the figures are simply absent).
 *
 * <p>Two kinds of target: a JVM (its threads, grouped by name: a JVM names its native threads after its Java threads,
 * cut to 15 characters, so GC, JIT, Kafka and listener threads can be told apart), and a process tree such as
 * PostgreSQL's: the postmaster, every live child (grouped by the title PostgreSQL gives it: walwriter, checkpointer,
 * "backend switchboard", ...) and, through the postmaster's cutime/cstime, the children that ended in between.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ; 100 on every Linux this runs on

    private CpuMeter() {
    }

    /**
     * What to measure: a JVM (by thread) or a process tree (by child process). {@code names}: Java thread names by
     * native thread id, where known (from {@code jcmd Thread.print}), since /proc cuts names to 15 characters
     * ("ticket-inbound-messages-0-C-1" and "ticket-inbound-statuses-0-C-1" are both "ticket-inbound-" there).
     */
    record Target(long pid, boolean tree, Map<Long, String> names) {
        static Target jvm(ProcessHandle handle) {
            return new Target(handle.pid(), false, new java.util.concurrent.ConcurrentHashMap<>());
        }

        static Target tree(long pid) {
            return new Target(pid, true, Map.of());
        }
    }

    /** {@code delays}: per JVM, per "group#tid", nanoseconds the thread waited on a run queue (/proc schedstat). */
    record Snapshot(long nanoTime, Map<String, Long> ticks, Map<String, Map<String, Long>> parts,
                    Map<String, Map<String, Long>> kernel, Map<String, Map<String, Long>> delays, long machineBusyTicks,
                    long machineTotalTicks) {
    }

    /** CPU used between two snapshots. */
    record Usage(double wallSeconds, Map<String, Double> processCores, Map<String, Map<String, Double>> partCores,
                 Map<String, Map<String, Double>> kernelCores, Map<String, Map<String, Double>> runQueue,
                 double machineBusyCores, double machineCores) {

        /** The part of {@link #part} spent in the kernel (system calls: sockets, fsync, scheduling). */
        double kernel(String process, String prefix) {
            return kernelCores.getOrDefault(process, Map.of()).entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
        }

        /** Threads of the group waiting for a CPU (runnable, not running), on average over the interval. */
        double waitingForCpu(String process, String prefix) {
            return runQueue.getOrDefault(process, Map.of()).entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
        }

        double cores(String process) {
            return processCores.getOrDefault(process, Double.NaN);
        }

        double part(String process, String prefix) {
            return partCores.getOrDefault(process, Map.of()).entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
        }

        /**
         * Cores used by everything but the named processes (other tenants of the machine, the OS). The machine's and
         * the processes' tick counts are sampled a little differently by the kernel, so this is good to about 0.1
         * core; a small negative difference reads as 0.
         */
        double otherCores() {
            if (Double.isNaN(machineBusyCores)) {
                return Double.NaN;
            }
            return Math.max(0, machineBusyCores - processCores.values().stream()
                    .filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).sum());
        }
    }

    static Snapshot snapshot(Map<String, Target> targets) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<String, Map<String, Long>> parts = new LinkedHashMap<>();
        Map<String, Map<String, Long>> kernel = new LinkedHashMap<>();
        Map<String, Map<String, Long>> delays = new LinkedHashMap<>();
        targets.forEach((name, target) -> {
            Map<String, Long> byPart = new HashMap<>();
            Map<String, Long> byKernel = new HashMap<>();
            Map<String, Long> byDelay = new HashMap<>();
            long total = target.tree() ? tree(target.pid(), byPart, byKernel)
                    : jvm(target.pid(), target.names(), byPart, byKernel, byDelay);
            ticks.put(name, total);
            parts.put(name, byPart);
            kernel.put(name, byKernel);
            delays.put(name, byDelay);
        });
        long[] machine = machine();
        return new Snapshot(System.nanoTime(), ticks, parts, kernel, delays, machine[0], machine[1]);
    }

    static Usage between(Snapshot a, Snapshot b) {
        double wall = (b.nanoTime() - a.nanoTime()) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        b.ticks().forEach((name, t) -> {
            Long before = a.ticks().get(name);
            cores.put(name, before == null || before < 0 || t < 0 ? Double.NaN : (t - before) / TICKS_PER_SECOND / wall);
        });
        Map<String, Map<String, Double>> parts = grouped(a.parts(), b.parts(), wall);
        Map<String, Map<String, Double>> kernel = grouped(a.kernel(), b.kernel(), wall);
        Map<String, Map<String, Double>> runQueue = new LinkedHashMap<>();
        b.delays().forEach((name, after) -> {
            Map<String, Long> before = a.delays().getOrDefault(name, Map.of());
            Map<String, Double> byGroup = new HashMap<>();
            after.forEach((thread, ns) -> {
                long d = ns - before.getOrDefault(thread, 0L);
                if (d > 0) {
                    byGroup.merge(thread.substring(0, thread.lastIndexOf('#')), d / 1e9 / wall, Double::sum);
                }
            });
            runQueue.put(name, byGroup);
        });
        double busy = Double.NaN;
        double total = Double.NaN;
        if (b.machineTotalTicks() > 0 && a.machineTotalTicks() > 0) {
            long dt = b.machineTotalTicks() - a.machineTotalTicks();
            int cpus = Runtime.getRuntime().availableProcessors();
            total = cpus;
            busy = dt == 0 ? 0 : (double) (b.machineBusyTicks() - a.machineBusyTicks()) / dt * cpus;
        }
        return new Usage(wall, cores, parts, kernel, runQueue, busy, total);
    }

    /** Per thread (or child process) deltas, summed by group (the key up to its last '#'). */
    private static Map<String, Map<String, Double>> grouped(Map<String, Map<String, Long>> a,
                                                            Map<String, Map<String, Long>> b, double wall) {
        Map<String, Map<String, Double>> parts = new LinkedHashMap<>();
        b.forEach((name, after) -> {
            Map<String, Long> before = a.getOrDefault(name, Map.of());
            Map<String, Double> byPart = new HashMap<>();
            // per thread (or child process), then by group: a thread that started in between counts in full, one
            // that ended in between drops its last interval (the process total stays exact)
            after.forEach((part, t) -> {
                long d = t - before.getOrDefault(part, 0L);
                if (d > 0) {
                    byPart.merge(part.substring(0, part.lastIndexOf('#')), d / TICKS_PER_SECOND / wall, Double::sum);
                }
            });
            parts.put(name, byPart);
        });
        return parts;
    }

    /** Thread name without its running number: "ticket-inbound-messages-0-C-1" and "...-1-C-1" are one group. */
    static String group(String threadName) {
        String name = threadName.replaceAll("-\\d+-C-\\d+$", "-C").replaceAll("[-#_ ]?\\d+$", "").replaceAll("\\d+$", "");
        return name.isEmpty() ? threadName : name;
    }

    /** Total ticks of a JVM, and each thread's ticks, keyed "group#tid" (grouped in {@link #between}). */
    private static long jvm(long pid, Map<Long, String> names, Map<String, Long> byThread, Map<String, Long> kernel,
                            Map<String, Long> delays) {
        long[] self = stat(Path.of("/proc", String.valueOf(pid), "stat"));
        if (self == null) {
            return -1;
        }
        try (Stream<Path> list = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : list.toList()) {
                String name = names.getOrDefault(Long.parseLong(task.getFileName().toString()), comm(task.resolve("stat")));
                long[] t = stat(task.resolve("stat"));
                if (name != null && t != null) {
                    String key = group(name) + "#" + task.getFileName();
                    byThread.put(key, t[0] + t[1]);
                    kernel.put(key, t[1]);
                    long delay = runDelay(task.resolve("schedstat"));
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
        byPart.put("postmaster and ended children#" + pid, root[0] + root[1] + root[2] + root[3]);
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
            String role = postgresRole(child.pid()) + "#" + child.pid();
            byPart.put(role, t[0] + t[1]);
            kernel.put(role, t[1]);
        }
        return total;
    }

    /** "walwriter", "checkpointer", "autovacuum worker", "backend <database>", ... from the process title. */
    static String postgresRole(long pid) {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ').trim();
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
        } catch (IOException | RuntimeException e) {
            return "ended";
        }
    }

    /** Nanoseconds the thread spent runnable but waiting for a CPU (second field of schedstat), or -1. */
    private static long runDelay(Path schedstat) {
        try {
            String[] f = Files.readString(schedstat).trim().split("\\s+");
            return Long.parseLong(f[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {utime, stime, cutime, cstime} in ticks, or null. */
    private static long[] stat(Path stat) {
        try {
            String s = Files.readString(stat);
            int close = s.lastIndexOf(')');
            String[] fields = s.substring(close + 2).split(" ");
            // fields[0] is the state (field 3); utime, stime, cutime, cstime are fields 14 to 17
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String comm(Path stat) {
        try {
            String s = Files.readString(stat);
            return s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {busy, total} ticks of all CPUs since boot, or {-1, -1}. */
    private static long[] machine() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split("\\s+");
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
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }
}
