package dev.switchboard.ticket.bench;

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

/** Starting, watching and stopping the broker and service JVMs, and the service's HTTP side-channels. */
final class Processes {

    private static final HttpClient CONTROL = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Processes() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> split(String jvmArgs) {
        List<String> args = new ArrayList<>();
        for (String a : jvmArgs.trim().split("\\s+")) {
            if (!a.isEmpty()) {
                args.add(a);
            }
        }
        return args;
    }

    /**
     * A JVM of this benchmark's classpath running {@code mainClass}, which prints {@code READY <value>} on stdout when
     * it is ready and ends when its stdin closes ({@link BenchBroker}). Returns the value.
     */
    static Started startChild(Class<?> mainClass, String jvmArgs, List<String> args, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(split(jvmArgs));
        command.add("-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", "bench-logback.xml"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(BenchBroker.READY)) {
                        ready.complete(line.substring(BenchBroker.READY.length()).trim());
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
            throw new IllegalStateException(mainClass.getSimpleName() + " did not start: " + e.getMessage() + " (log: "
                    + log + ":\n" + tail(log, 30) + ")", e);
        }
    }

    /** Closes a child's stdin (it then stops cleanly), and insists if it does not end in time. */
    static void stopChild(Process child) {
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
     * The service as deployed: {@code java <jvmArgs> -jar ticket-service.jar} with the environment of its README.
     * Returns at once; the caller watches the consumer group and the readiness probe.
     */
    static Process launchService(Path jar, String jvmArgs, Map<String, String> environment, Path log) throws IOException {
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

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return CONTROL.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static boolean ready(int port) {
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

    /** Every sample of /actuator/prometheus, summed over its labels, by metric name. */
    static Map<String, Double> prometheus(int port) {
        Map<String, Double> metrics = new HashMap<>();
        try {
            HttpResponse<String> response = get(port, "/actuator/prometheus");
            for (String line : response.body().split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                int brace = line.indexOf('{');
                String name = brace > 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
                try {
                    metrics.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
                } catch (NumberFormatException ignored) {
                    // NaN and friends
                }
            }
        } catch (IOException | RuntimeException e) {
            // metrics are a nice-to-have
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return metrics;
    }

    /** Runs a JDK tool (jcmd) and returns its output. */
    static String jdkTool(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(120, TimeUnit.SECONDS);
        return output;
    }

    /** Java thread names by native thread id (Linux tid), from {@code jcmd <pid> Thread.print}; empty if unavailable. */
    static Map<Long, String> javaThreadNames(long pid) {
        Map<Long, String> names = new HashMap<>();
        if (!hasJdkTool("jcmd")) {
            return names;
        }
        try {
            java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\"(.*)\" .*nid=(0x[0-9a-fA-F]+|\\d+)");
            for (String l : jdkTool("jcmd", String.valueOf(pid), "Thread.print").split("\n")) {
                java.util.regex.Matcher m = line.matcher(l);
                if (m.find()) {
                    String nid = m.group(2);
                    names.put(nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid), m.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // names stay as /proc has them
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return names;
    }

    static boolean hasJdkTool(String tool) {
        return Files.isExecutable(Path.of(System.getProperty("java.home"), "bin", tool));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Asks politely (SIGTERM; the service shuts down gracefully), then insists. */
    static void stop(Process process, Duration grace) {
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

    /** A started child JVM and what it printed after READY (the broker's bootstrap servers). */
    record Started(Process process, String value) {
    }
}
