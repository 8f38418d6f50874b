package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What else ran on the machine (Linux /proc): the load average and, since the previous print, the CPU time of the
 * processes that are not this benchmark (its JVM and the PostgreSQL it started), so that a figure can be read against
 * the other builds and benchmarks sharing the cores.
 */
public final class MachineLoad {

    private static final long TICKS_PER_SECOND = 100;
    private static Map<Long, Long> previousTicks = Map.of();
    private static long previousAt = System.nanoTime();
    /** Marks the command line of a process of this benchmark that is not its child (pg_ctl detaches PostgreSQL). */
    private static volatile String alsoOurs = "\0none\0";

    private MachineLoad() {
    }

    /** Counts the process whose command line contains {@code marker}, and its children, as this benchmark's. */
    public static void alsoOurs(String marker) {
        alsoOurs = marker;
    }

    /** Takes the first reading, printing nothing: the next print counts from here. */
    public static void start() {
        try {
            Map<Long, Long> ticks = new HashMap<>();
            processes().values().forEach(p -> ticks.put(p.pid, p.ticks));
            previousTicks = ticks;
            previousAt = System.nanoTime();
        } catch (IOException | RuntimeException e) {
            // print says so
        }
    }

    public static void print(String label) {
        try {
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            Map<Long, Process> processes = processes();
            Set<Long> ours = descendants(ProcessHandle.current().pid(), processes);
            for (Process p : processes.values()) {
                if (p.commandLine.contains(alsoOurs)) {
                    ours.addAll(descendants(p.pid, processes));
                }
            }
            Map<Long, Long> ticks = new HashMap<>();
            Map<String, Long> others = new HashMap<>();
            long ourTicks = 0;
            for (Process p : processes.values()) {
                ticks.put(p.pid, p.ticks);
                long used = p.ticks - previousTicks.getOrDefault(p.pid, 0L);
                if (ours.contains(p.pid)) {
                    ourTicks += used;
                } else if (used > 0) {
                    others.merge(p.name, used, Long::sum);
                }
            }
            double seconds = (System.nanoTime() - previousAt) / 1e9;
            StringBuilder top = new StringBuilder();
            others.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                    .forEach(e -> top.append(String.format(Locale.ROOT, " %s %.1f s,", e.getKey(),
                            e.getValue() / (double) TICKS_PER_SECOND)));
            long otherTicks = others.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "[bench] machine %s: load average %s; CPU in the last %.0f s: this"
                            + " benchmark %.1f s, everything else %.1f s (%s)%n", label, load, seconds,
                    ourTicks / (double) TICKS_PER_SECOND, otherTicks / (double) TICKS_PER_SECOND,
                    top.isEmpty() ? "nothing" : top.substring(1, top.length() - 1));
            previousTicks = ticks;
            previousAt = System.nanoTime();
        } catch (IOException | RuntimeException e) {
            System.out.println("[bench] machine " + label + ": load unknown (" + e + ")");
        }
    }

    private record Process(long pid, long parent, String name, String commandLine, long ticks) {
    }

    private static Map<Long, Process> processes() throws IOException {
        Map<Long, Process> processes = new HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(dir -> {
                try {
                    String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(dir.getFileName().toString());
                    // after the name: state, ppid, ..., utime (14th field overall), stime (15th)
                    String commandLine = Files.readString(dir.resolve("cmdline"), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    processes.put(pid, new Process(pid, Long.parseLong(fields[1]), describe(comm, commandLine),
                            commandLine, Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            });
        }
        return processes;
    }

    /** A java process by its main class or Maven, anything else by its command name. */
    private static String describe(String comm, String commandLine) {
        if (!comm.equals("java")) {
            return comm;
        }
        String[] args = commandLine.trim().split(" ");
        for (String arg : args) {
            if (arg.startsWith("-Dmaven.multiModuleProjectDirectory=")) {
                return "java (maven " + Path.of(arg.substring(arg.indexOf('=') + 1)).getFileName() + ")";
            }
        }
        String last = args.length == 0 ? "" : args[args.length - 1];
        return "java (" + last.substring(last.lastIndexOf('.') + 1) + ")";
    }

    private static Set<Long> descendants(long root, Map<Long, Process> processes) {
        Set<Long> found = new HashSet<>(Set.of(root));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Process p : processes.values()) {
                if (!found.contains(p.pid) && found.contains(p.parent)) {
                    found.add(p.pid);
                    grew = true;
                }
            }
        }
        return found;
    }
}
