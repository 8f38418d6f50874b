package dev.switchboard.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The end-to-end tests' stack: the checkout's jars, free ports, short durations, logs under target/. */
public final class TestStacks {

    private TestStacks() {
    }

    public static Path root() {
        return Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
    }

    /** Settings of a stack on free ports, with the demo channels (the Twilio channel's URL at this stack's ingress). */
    public static StackSettings settings(Duration window, Duration reminderDelay, String logDirName) throws IOException {
        Path root = root();
        int[] free = freePorts(10);
        StackSettings.Ports ports = new StackSettings.Ports(free[0], free[1], free[2], free[3], free[4], free[5],
                free[6], free[7], free[8], free[9]);
        // The demo channels, with the Twilio channel's public URL at this test's ingress port (Twilio signs that URL).
        Path channels = root.resolve("local-stack/target/" + logDirName + "-channels.yml");
        Files.createDirectories(channels.getParent());
        Files.writeString(channels, Files.readString(root.resolve("deploy/local/channels.yml"))
                .replace("http://localhost:8080/", "http://localhost:" + ports.ingress() + "/"));
        String sandbox = "http://localhost:" + ports.sandbox();
        return new StackSettings(root, channels, ports, Optional.empty(), sandbox, sandbox, window, reminderDelay,
                List.of(StackSettings.DEFAULT_JAVA_OPTS.split(" ")), false, root.resolve("local-stack/target/" + logDirName),
                Map.of());
    }

    static String randomWaId() {
        return "49151" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    public static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sockets.forEach(s -> {
                try {
                    s.close();
                } catch (IOException e) {
                    // freed anyway
                }
            });
        }
    }
}
