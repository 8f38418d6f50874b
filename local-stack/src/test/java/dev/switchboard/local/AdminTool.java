package dev.switchboard.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code switchboard-admin} as an operator runs it against the stack: {@code java -jar
 * admin-cli/target/admin-cli-<version>.jar <command> ... --bootstrap-servers <the stack's broker>}, in its own JVM.
 */
final class AdminTool {

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path jar;
    private final String bootstrapServers;

    AdminTool(Path root, String bootstrapServers) {
        this.jar = root.resolve("admin-cli/target/admin-cli-" + StackSettings.VERSION + ".jar");
        this.bootstrapServers = bootstrapServers;
    }

    Result run(String... args) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -pl admin-cli -am package -DskipTests");
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(List.of(args));
        command.add("--bootstrap-servers");
        command.add(bootstrapServers);
        try {
            Path out = Files.createTempFile("switchboard-admin-", ".out");
            Path err = Files.createTempFile("switchboard-admin-", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 120 s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            System.out.println("$ switchboard-admin " + String.join(" ", args) + "\n" + result);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
