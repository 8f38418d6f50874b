package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A benchmark's PostgreSQL: zonky's embedded binaries (PostgreSQL 17, the same as the tests'), run as their own
 * processes, with settings close to a production default rather than the test defaults.
 *
 * <p>zonky starts the server with {@code -F} (fsync off) and {@code synchronous_commit=off}: fine for tests, but a
 * commit would then cost nothing. Here both are on again ({@code -c fsync=on} comes after {@code -F} on the command
 * line, and the last setting wins; {@link #settings()} shows what the server actually runs with), and everything else
 * keeps PostgreSQL's defaults (shared_buffers 128 MB, full_page_writes on, wal_level replica, max_wal_size 1 GB, ...).
 * Added for the analysis only: pg_stat_statements (per-statement calls and execution time) and track_io_timing /
 * track_wal_io_timing (the time of each WAL write and flush). The data directory is on the build's disk
 * ({@code target/bench/pgdata}), not on a tmpfs.
 */
public final class BenchPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres server;
    private final Path dataDirectory;

    private BenchPostgres(EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /** A server on a fresh {@code dataDirectory}, with these settings on top (none: {@code Map.of()}). */
    public static BenchPostgres start(Path dataDirectory, Map<String, String> extraSettings, Path log) throws IOException {
        if (Files.exists(dataDirectory)) {
            try (var files = Files.walk(dataDirectory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.max", "1000")
                .setServerConfig("track_io_timing", "on")
                .setServerConfig("track_wal_io_timing", "on");
        extraSettings.forEach(builder::setServerConfig);
        return new BenchPostgres(builder.start(), dataDirectory);
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return connect(database, new Properties());
    }

    public Connection connect(String database, Properties extra) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.putAll(extra);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    public void createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
            s.execute("create database " + name);
        }
    }

    public void dropDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        }
    }

    /** Runs statements in the given database (each its own statement, autocommit). */
    public void execute(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The postmaster's pid (first line of postmaster.pid): its process tree is "postgres" in the CPU figures. */
    public long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The settings that decide what a commit and a write cost, as the server reports them. */
    public Map<String, String> settings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            for (String name : List.of("server_version", "fsync", "synchronous_commit", "wal_sync_method",
                    "full_page_writes", "wal_level", "shared_buffers", "wal_buffers", "max_wal_size", "checkpoint_timeout",
                    "work_mem", "max_connections", "autovacuum", "shared_preload_libraries", "track_io_timing",
                    "track_wal_io_timing")) {
                try (ResultSet rs = s.executeQuery("show " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }

    /** The filesystem the data directory is on (from /proc/mounts): a tmpfs would make fsync free. */
    public String filesystem() {
        try {
            Path real = dataDirectory.toRealPath();
            String best = "?";
            int bestLength = -1;
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && real.toString().startsWith(f[1]) && f[1].length() > bestLength) {
                    best = f[2] + " (" + f[0] + " on " + f[1] + ")";
                    bestLength = f[1].length();
                }
            }
            return best;
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Rows of a query, each as its columns' text. */
    public List<List<String>> query(String database, String sql) throws SQLException {
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

    public long count(String database, String sql) throws SQLException {
        return Long.parseLong(query(database, sql).get(0).get(0));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
