package dev.switchboard.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the stack as a child JVM ({@code java -jar}), its output written to a file and, for run.sh, echoed
 * to the console behind its name. Knows when it is ready (its readiness probe answers 200) and stops it gracefully.
 */
final class ChildProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int TAIL_LINES = 60;

    private final String name;
    private final Process process;
    private final URI readiness;
    private final Path logFile;
    private final Launch launch;
    private final Deque<String> tail = new ArrayDeque<>();

    /** How it was started: what {@link #startAgain()} repeats. */
    private record Launch(List<String> command, Map<String, String> environment, String label, PrintStream console) {
    }

    private ChildProcess(String name, Process process, URI readiness, Path logFile, Launch launch) {
        this.name = name;
        this.process = process;
        this.readiness = readiness;
        this.logFile = logFile;
        this.launch = launch;
    }

    /**
     * @param label what precedes each echoed line (the name, padded and coloured), or null not to echo
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment, URI readiness,
                              Path logFile, String label, PrintStream console) {
        return start(name, readiness, logFile, new Launch(List.copyOf(command), Map.copyOf(environment), label, console),
                false);
    }

    /** The same process again (same command, environment and port), its log appended to the same file. */
    ChildProcess startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        return start(name, readiness, logFile, launch, true);
    }

    private static ChildProcess start(String name, URI readiness, Path logFile, Launch launch, boolean appendLog) {
        List<String> command = launch.command();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(launch.environment());
        Process process;
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + String.join(" ", command), e);
        }
        ChildProcess child = new ChildProcess(name, process, readiness, logFile, launch);
        Thread pump = new Thread(() -> child.pumpOutput(launch.label(), launch.console(), appendLog), name + "-log");
        pump.setDaemon(true);
        pump.start();
        return child;
    }

    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    Path logFile() {
        return logFile;
    }

    boolean isReady() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + " while starting."
                    + " Its last lines (all of them in " + logFile + "):\n" + tail());
        }
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends SIGTERM (the services shut down gracefully on it); see {@link #awaitStopped}. Through the ProcessHandle:
     * {@link Process#destroy()} also closes our end of the child's output, so its shutdown lines would be lost.
     */
    void requestStop() {
        process.toHandle().destroy();
    }

    /** SIGKILL ({@code destroyForcibly} on Linux), then waits for the process to be gone. */
    void kill() {
        process.toHandle().destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still runs 10 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /** Waits for the process to end after {@link #requestStop}, and kills it (and what it started) if it doesn't. */
    void awaitStopped(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    synchronized String tail() {
        return String.join("\n", new ArrayList<>(tail));
    }

    private void pumpOutput(String label, PrintStream console, boolean appendLog) {
        OpenOption[] mode = appendLog
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                : new OpenOption[0];
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, mode)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                file.write(line);
                file.write('\n');
                file.flush();
                remember(line);
                if (label != null) {
                    console.println(label + line);
                }
            }
        } catch (IOException e) {
            // The process ended or its pipe broke; what it wrote so far is in the file.
        }
    }

    private synchronized void remember(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }
}
