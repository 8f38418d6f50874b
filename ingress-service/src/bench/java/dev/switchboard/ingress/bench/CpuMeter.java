package dev.switchboard.ingress.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of processes, of their threads grouped by name, and of the whole machine, between two snapshots.
 * Process totals come from {@link ProcessHandle} (any OS); per-thread and machine figures from {@code /proc} and are
 * simply absent elsewhere. A JVM names its native threads after its Java threads (cut to 15 characters), so
 * GC, JIT and Netty/Kafka threads can be told apart.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ; 100 on every Linux this runs on

    private CpuMeter() {
    }

    record Snapshot(long nanoTime, Map<String, Long> processCpuNanos, Map<String, Map<Integer, ThreadTime>> threads,
                    long machineBusyTicks, long machineTotalTicks) {
    }

    record ThreadTime(String name, long ticks) {
    }

    /** CPU used between two snapshots. */
    record Usage(double wallSeconds, Map<String, Double> processCores, Map<String, Map<String, Double>> threadGroupCores,
                 double machineBusyCores, double machineCores) {

        double cores(String process) {
            return processCores.getOrDefault(process, Double.NaN);
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
            return Math.max(0, machineBusyCores - processCores.values().stream().mapToDouble(Double::doubleValue).sum());
        }
    }

    static Snapshot snapshot(Map<String, ProcessHandle> processes) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        Map<String, Map<Integer, ThreadTime>> threads = new LinkedHashMap<>();
        processes.forEach((name, handle) -> {
            cpu.put(name, handle.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L));
            threads.put(name, threads(handle.pid()));
        });
        long[] machine = machine();
        return new Snapshot(System.nanoTime(), cpu, threads, machine[0], machine[1]);
    }

    static Usage between(Snapshot a, Snapshot b) {
        double wall = (b.nanoTime() - a.nanoTime()) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        b.processCpuNanos().forEach((name, nanos) -> {
            Long before = a.processCpuNanos().get(name);
            cores.put(name, before == null || before < 0 || nanos < 0 ? Double.NaN : (nanos - before) / 1e9 / wall);
        });
        Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
        b.threads().forEach((name, after) -> {
            Map<Integer, ThreadTime> before = a.threads().getOrDefault(name, Map.of());
            Map<String, Double> byGroup = new HashMap<>();
            after.forEach((tid, t) -> {
                ThreadTime was = before.get(tid);
                long ticks = t.ticks() - (was == null ? 0 : was.ticks());
                if (ticks > 0) {
                    byGroup.merge(group(t.name()), ticks / TICKS_PER_SECOND / wall, Double::sum);
                }
            });
            groups.put(name, byGroup);
        });
        double busy = Double.NaN;
        double total = Double.NaN;
        if (b.machineTotalTicks() > 0 && a.machineTotalTicks() > 0) {
            long dt = b.machineTotalTicks() - a.machineTotalTicks();
            int cpus = Runtime.getRuntime().availableProcessors();
            total = cpus;
            busy = dt == 0 ? 0 : (double) (b.machineBusyTicks() - a.machineBusyTicks()) / dt * cpus;
        }
        return new Usage(wall, cores, groups, busy, total);
    }

    /** Thread name without its running number: "reactor-http-nio-3" and "reactor-http-nio-1" are one group. */
    static String group(String threadName) {
        String name = threadName.replaceAll("[-#_ ]?\\d+$", "").replaceAll("\\d+$", "");
        return name.isEmpty() ? threadName : name;
    }

    private static Map<Integer, ThreadTime> threads(long pid) {
        Map<Integer, ThreadTime> threads = new HashMap<>();
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return threads;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    String[] fields = stat.substring(close + 2).split(" ");
                    // fields[0] is the state (field 3); utime and stime are fields 14 and 15
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    threads.put(Integer.parseInt(task.getFileName().toString()), new ThreadTime(name, ticks));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // process ended
        }
        return threads;
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
