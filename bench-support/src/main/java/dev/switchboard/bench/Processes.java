package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starting, watching and stopping the benchmarks' child JVMs and services, and the services' HTTP side-channels. */
public final class Processes {

    /** What a child JVM prints on stdout, followed by a value (bootstrap servers, a port), once it is ready. */
    public static final String READY = "READY ";

    private static final HttpClient CONTROL = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern THREAD_LINE = Pattern.compile("^\"(.*)\" .*nid=(0x[0-9a-fA-F]+|\\d+)");

    private Processes() {
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** JVM options as one string ("-Xms512m -Xmx512m") split into arguments. */
    public static List<String> split(String jvmArgs) {
        List<String> args = new ArrayList<>();
        for (String a : jvmArgs.trim().split("\\s+")) {
            if (!a.isEmpty()) {
                args.add(a);
            }
        }
        return args;
    }

    /**
     * A JVM of this benchmark's classpath running {@code mainClass}, which prints {@link #READY}{@code <value>} on
     * stdout when it is ready and ends when its stdin closes ({@link BenchBroker}). Returns the process and the value.
     */
    public static Started startChild(Class<?> mainClass, String jvmArgs, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(split(jvmArgs));
        command.add("-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", "bench-logback.xml"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(READY)) {
                        ready.complete(line.substring(READY.length()).trim());
                    } else {
                        Files.writeString(log, line + System.lineSeparator(), StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    }
                }
            } catch (IOException e) {
                // the child ended
            }
            ready.completeExceptionally(new IllegalStateException(mainClass.getSimpleName() + " ended before it was ready"));
        }, "bench-child-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Started(process, ready.get(180, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(mainClass.getSimpleName() + " did not start: " + e.getMessage() + " (log: "
                    + log + ":\n" + tail(log, 30) + ")", e);
        }
    }

    /** Closes a child's stdin (it then stops cleanly), and insists if it does not end in time. */
    public static void stopChild(Process child) {
        if (child == null || !child.isAlive()) {
            return;
        }
        try {
            child.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                stop(child, Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The service as deployed: {@code java <jvmArgs> -jar <jar>} with the given environment added to this one's.
     * Returns at once; {@link #startService} also waits for the readiness probe.
     */
    public static Process launchService(Path jar, String jvmArgs, Map<String, String> environment, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(split(jvmArgs));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * {@link #launchService} on {@code port} ({@code SERVER_PORT}), returning once {@code /actuator/health/readiness}
     * says UP (at most 180 s).
     */
    public static Process startService(Path jar, String jvmArgs, Map<String, String> environment, int port, Path log)
            throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(environment);
        env.put("SERVER_PORT", String.valueOf(port));
        Process process = launchService(jar, jvmArgs, env, log);
        String name = jar.getFileName().toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!ready(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before it was ready; last lines of " + log + ":\n" + tail(log, 40));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " not ready after 180 s; see " + log);
            }
            Thread.sleep(200);
        }
        return process;
    }

    /**
     * The layout container images run ({@code java -Djarmode=tools -jar <jar> extract}: a plain classpath instead of
     * nested jars), extracted next to {@code log}; returns the jar to launch in it.
     */
    public static Path extracted(Path jar, Path log) throws IOException, InterruptedException {
        Path into = log.resolveSibling("service-extracted");
        Process extract = new ProcessBuilder(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--force",
                "--destination", into.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!extract.waitFor(120, TimeUnit.SECONDS) || extract.exitValue() != 0) {
            throw new IllegalStateException("could not extract " + jar + "; see " + log);
        }
        return into.resolve(jar.getFileName());
    }

    /** Whether the service on {@code port} says it is ready. */
    public static boolean ready(int port) {
        try {
            HttpResponse<String> ready = get(port, "/actuator/health/readiness");
            return ready.statusCode() == 200 && ready.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return CONTROL.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every sample of /actuator/prometheus, summed over its labels, by metric name; empty if it cannot be read. */
    public static Map<String, Double> prometheus(int port) {
        try {
            return prometheusText(get(port, "/actuator/prometheus").body());
        } catch (IOException | RuntimeException e) {
            return new HashMap<>(); // metrics are a nice-to-have
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HashMap<>();
        }
    }

    /** The Prometheus text format's samples, summed over their labels, by metric name (NaN and the like left out). */
    static Map<String, Double> prometheusText(String text) {
        Map<String, Double> metrics = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            int brace = line.indexOf('{');
            if (space <= 0) {
                continue;
            }
            String name = brace > 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            try {
                double value = Double.parseDouble(line.substring(space + 1));
                if (!Double.isNaN(value)) {
                    metrics.merge(name, value, Double::sum);
                }
            } catch (NumberFormatException ignored) {
                // not a number
            }
        }
        return metrics;
    }

    /** Runs a JDK tool (jcmd) and returns its output. */
    public static String jdkTool(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(120, TimeUnit.SECONDS);
        return output;
    }

    public static boolean hasJdkTool(String tool) {
        return Files.isExecutable(Path.of(System.getProperty("java.home"), "bin", tool));
    }

    /** Java thread names by native thread id (Linux tid), from {@code jcmd <pid> Thread.print}; empty if unavailable. */
    public static Map<Long, String> javaThreadNames(long pid) {
        if (!hasJdkTool("jcmd")) {
            return new HashMap<>();
        }
        try {
            return threadNames(jdkTool("jcmd", String.valueOf(pid), "Thread.print"));
        } catch (IOException | RuntimeException e) {
            return new HashMap<>(); // names stay as /proc has them
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HashMap<>();
        }
    }

    /** Thread names by native id in a thread dump ({@code "name" ... nid=0x1f3a ...}). */
    static Map<Long, String> threadNames(String threadDump) {
        Map<Long, String> names = new HashMap<>();
        for (String l : threadDump.split("\n")) {
            Matcher m = THREAD_LINE.matcher(l);
            if (m.find()) {
                String nid = m.group(2);
                names.put(nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid), m.group(1));
            }
        }
        return names;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of a file, for an error message. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Asks politely (SIGTERM; a service shuts down gracefully), then insists. */
    public static void stop(Process process, Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A started child JVM and what it printed after READY (the broker's bootstrap servers, a server's port). */
    public record Started(Process process, String value) {
    }
}
