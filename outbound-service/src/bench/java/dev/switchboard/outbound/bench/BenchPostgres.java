package dev.switchboard.outbound.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The benchmark's PostgreSQL: zonky's embedded binaries (the same PostgreSQL as the tests'), run as processes of
 * their own, with the settings that decide what a commit costs back at PostgreSQL's defaults.
 *
 * <p>zonky starts the server with {@code -F} (fsync off) and {@code synchronous_commit=off}, which suits tests but
 * makes a commit free. Here both are on ({@code -c fsync=on} comes after {@code -F}, and the last one wins;
 * {@link #settings()} shows what the server runs with); everything else keeps PostgreSQL's defaults. Added for the
 * analysis only: pg_stat_statements (calls and time per statement). The data directory is on the build's disk
 * ({@code target/bench/pgdata}).
 */
final class BenchPostgres implements AutoCloseable {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres server;
    private final Path dataDirectory;

    private BenchPostgres(EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    static BenchPostgres start(Path dataDirectory, Path log) throws IOException {
        if (Files.exists(dataDirectory)) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.max", "1000")
                .start();
        return new BenchPostgres(server, dataDirectory);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
    }

    int port() {
        return server.getPort();
    }

    Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    void createDatabase(String name) throws SQLException {
        execute("postgres", "drop database if exists " + name + " with (force)", "create database " + name);
    }

    void execute(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    List<List<String>> query(String database, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The postmaster's pid (first line of postmaster.pid): its process tree is "postgres" in the CPU figures. */
    long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
    }

    /** The settings that decide what a commit costs, as the server reports them. */
    Map<String, String> settings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            for (String name : List.of("server_version", "fsync", "synchronous_commit", "wal_sync_method",
                    "full_page_writes", "shared_buffers", "max_connections")) {
                try (ResultSet rs = s.executeQuery("show " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }

    /** The filesystem the data directory is on (from /proc/mounts): a tmpfs would make fsync free. */
    String filesystem() {
        try {
            String real = dataDirectory.toRealPath().toString();
            String best = "?";
            int bestLength = -1;
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && real.startsWith(f[1]) && f[1].length() > bestLength) {
                    best = f[2] + " (" + f[0] + " on " + f[1] + ")";
                    bestLength = f[1].length();
                }
            }
            return best;
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
