package dev.switchboard.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Resident set size from Linux's {@code /proc/<pid>/status} (VmRSS). Shared pages are counted in every process
 * that maps them, so a sum over processes overstates a little: the figure is an upper bound. 0 where {@code /proc}
 * does not exist (macOS).
 */
final class ResidentMemory {

    private ResidentMemory() {
    }

    static long of(ProcessHandle process) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> line.replaceAll("\\D", ""))
                    .mapToLong(kib -> Long.parseLong(kib) * 1024)
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The process and every process it started. */
    static long ofTree(ProcessHandle root) {
        return of(root) + root.descendants().mapToLong(ResidentMemory::of).sum();
    }
}
