package dev.switchboard.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server (embedded binaries from Maven Central, random port) for the whole test JVM.
 *
 * <p>Started on first use and stopped by a shutdown hook. Tests isolate themselves with a fresh database
 * from {@link #createDatabase()}, so a test never sees another test's tables or rows.
 */
public final class SharedPostgres {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private SharedPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder().start();
                // Stopped after the JVM's cached Spring contexts are closed (a JVM shutdown hook of its own would
                // race with theirs: a service stopping gracefully then waited 30 s for a database already gone).
                SpringApplication.getShutdownHandlers().add(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        // The JVM is exiting; the server's own watchdog reaps it if this fails.
                    }
                });
                server = started;
            } catch (IOException e) {
                throw new IllegalStateException("could not start embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL (user {@value #USER}, password {@value #PASSWORD}). */
    public static String createDatabase() {
        String name = "switchboard_test_" + DATABASES.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return server().getJdbcUrl(USER, name);
    }

    /** A data source on the given database of the shared server. */
    public static DataSource dataSource(String databaseName) {
        return server().getDatabase(USER, databaseName);
    }
}
