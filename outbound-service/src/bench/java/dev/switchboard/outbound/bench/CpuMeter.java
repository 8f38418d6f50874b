package dev.switchboard.outbound.bench;

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
 * snapshots, from {@code /proc} (Linux; elsewhere the figures are simply absent). As the ingress benchmark's, plus
 * process trees (PostgreSQL: the postmaster, every live child grouped by its process title, and through the
 * postmaster's cutime/cstime the children that ended in between) and the time threads spent runnable but waiting
 * for a CPU ({@code /proc/<pid>/task/<tid>/schedstat}): on a shared 2-core machine that is where latency hides.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ; 100 on every Linux this runs on

    private CpuMeter() {
    }

    /** What to measure: a JVM (by thread) or a process tree (by child process). */
    record Target(long pid, boolean tree) {
        static Target jvm(long pid) {
            return new Target(pid, false);
        }

        static Target tree(long pid) {
            return new Target(pid, true);
        }
    }

    record Snapshot(long nanoTime, Map<String, Long> ticks, Map<String, Long> kernelTicks,
                    Map<String, Map<String, Long>> parts, Map<String, Long> runDelayNanos, long machineBusyTicks,
                    long machineTotalTicks) {
    }

    /** CPU used between two snapshots. */
    record Usage(double wallSeconds, Map<String, Double> processCores, Map<String, Double> kernelCores,
                 Map<String, Map<String, Double>> partCores, Map<String, Double> waitingForCpu, double machineBusyCores,
                 double machineCores) {

        /** The part of a JVM's cores spent in the kernel (system calls: sockets, thread creation, futexes). */
        double kernel(String process) {
            return kernelCores.getOrDefault(process, Double.NaN);
        }

        double cores(String process) {
            return processCores.getOrDefault(process, Double.NaN);
        }

        /** Cores of the parts (thread groups) whose name starts with the prefix. */
        double part(String process, String prefix) {
            return partCores.getOrDefault(process, Map.of()).entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
        }

        /** Threads of a JVM waiting for a CPU (runnable, not running), on average over the interval. */
        double waiting(String process) {
            return waitingForCpu.getOrDefault(process, Double.NaN);
        }

        /**
         * Cores used by everything but the named processes (other tenants of the machine, the OS). Good to about 0.1
         * core (the kernel samples the machine's and the processes' ticks a little differently); never negative.
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
        Map<String, Long> kernel = new LinkedHashMap<>();
        Map<String, Map<String, Long>> parts = new LinkedHashMap<>();
        Map<String, Long> delays = new LinkedHashMap<>();
        targets.forEach((name, target) -> {
            Map<String, Long> byPart = new HashMap<>();
            long[] delay = {0};
            long total = target.tree() ? tree(target.pid(), byPart) : jvm(target.pid(), byPart, delay);
            long[] self = stat(Path.of("/proc", String.valueOf(target.pid()), "stat"));
            ticks.put(name, total);
            kernel.put(name, self == null || target.tree() ? -1 : self[1]);
            parts.put(name, byPart);
            delays.put(name, target.tree() ? -1 : delay[0]);
        });
        long[] machine = machine();
        return new Snapshot(System.nanoTime(), ticks, kernel, parts, delays, machine[0], machine[1]);
    }

    static Usage between(Snapshot a, Snapshot b) {
        double wall = (b.nanoTime() - a.nanoTime()) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        b.ticks().forEach((name, t) -> {
            Long before = a.ticks().get(name);
            cores.put(name, before == null || before < 0 || t < 0 ? Double.NaN : (t - before) / TICKS_PER_SECOND / wall);
        });
        Map<String, Double> kernel = new LinkedHashMap<>();
        b.kernelTicks().forEach((name, t) -> {
            Long before = a.kernelTicks().get(name);
            kernel.put(name, before == null || before < 0 || t < 0 ? Double.NaN : (t - before) / TICKS_PER_SECOND / wall);
        });
        Map<String, Map<String, Double>> parts = new LinkedHashMap<>();
        b.parts().forEach((name, after) -> {
            Map<String, Long> before = a.parts().getOrDefault(name, Map.of());
            Map<String, Double> byPart = new HashMap<>();
            // per thread (or child), then by group: one that started in between counts in full, one that ended in
            // between drops its last interval (the process total stays exact)
            after.forEach((part, t) -> {
                long d = t - before.getOrDefault(part, 0L);
                if (d > 0) {
                    byPart.merge(part.substring(0, part.lastIndexOf('#')), d / TICKS_PER_SECOND / wall, Double::sum);
                }
            });
            parts.put(name, byPart);
        });
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
        return new Usage(wall, cores, kernel, parts, waiting, busy, total);
    }

    /** Thread name without its running number: "bench-stub-3" and "bench-stub-1" are one group. */
    static String group(String threadName) {
        String name = threadName.replaceAll("-\\d+-C-\\d+$", "-C").replaceAll("[-#_ ]?\\d+$", "").replaceAll("\\d+$", "");
        return name.isEmpty() ? threadName : name;
    }

    /** Total ticks of a JVM, each thread's ticks keyed "group#tid", and the threads' summed run-queue delay. */
    private static long jvm(long pid, Map<String, Long> byThread, long[] delay) {
        long[] self = stat(Path.of("/proc", String.valueOf(pid), "stat"));
        if (self == null) {
            return -1;
        }
        try (Stream<Path> list = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : list.toList()) {
                String name = comm(task.resolve("stat"));
                long[] t = stat(task.resolve("stat"));
                if (name != null && t != null) {
                    byThread.put(group(name) + "#" + task.getFileName(), t[0] + t[1]);
                }
                long d = runDelay(task.resolve("schedstat"));
                if (d > 0) {
                    delay[0] += d;
                }
            }
        } catch (IOException e) {
            // ended
        }
        return self[0] + self[1];
    }

    /** Total ticks of a process tree: the root with its reaped children, plus every live descendant. */
    private static long tree(long pid, Map<String, Long> byPart) {
        long[] root = stat(Path.of("/proc", String.valueOf(pid), "stat"));
        if (root == null) {
            return -1;
        }
        long total = root[0] + root[1] + root[2] + root[3];
        byPart.put("postmaster and ended children#" + pid, total);
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
            byPart.put(postgresRole(child.pid()) + "#" + child.pid(), t[0] + t[1]);
        }
        return total;
    }

    /** "walwriter", "checkpointer", "backend <database>", ... from the PostgreSQL process title. */
    static String postgresRole(long pid) {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ').trim();
            if (cmdline.isEmpty()) {
                return "exiting";
            }
            if (!cmdline.startsWith("postgres: ")) {
                return "other";
            }
            String[] words = cmdline.substring("postgres: ".length()).split("\\s+");
            // a backend: "postgres: <user> <database> <host(port)> <state>"
            if (words.length >= 3 && words[2].contains("(")) {
                return "backend " + words[1];
            }
            return String.join(" ", words).replaceAll("\\s+\\S*\\d+\\S*$", "").trim();
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
