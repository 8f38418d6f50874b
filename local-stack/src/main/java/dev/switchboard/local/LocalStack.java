package dev.switchboard.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.switchboard.store.embedded.EmbeddedS3;

/**
 * The whole platform on one machine, without Docker (docs/public-surface.md, {@code deploy/local/run.sh}): a real KRaft broker
 * and a real PostgreSQL in this JVM (both from Maven Central), the four services and the sandbox as child JVMs
 * started from their jars, each with the environment it would get in production. {@link #close()} (Ctrl-C or
 * SIGTERM through the shutdown hook) stops everything it started and deletes the broker's and database's data.
 *
 * <p>The end-to-end test uses the same class with its own ports and short durations.
 */
public final class LocalStack implements AutoCloseable {

    static final int PARTITIONS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_GRACE = Duration.ofSeconds(25);
    private static final String[] COLOURS = {"\u001b[36m", "\u001b[32m", "\u001b[35m", "\u001b[33m", "\u001b[34m"};

    private final StackSettings settings;
    private final PrintStream console;
    private final Path dataDir;
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private volatile LocalKafka kafka;
    private volatile EmbeddedPostgres postgres;
    private volatile EmbeddedS3 objectStore;
    private volatile boolean closing;
    private final Map<String, Map<String, String>> moduleEnvironment = new java.util.concurrent.ConcurrentHashMap<>();

    public LocalStack(StackSettings settings, PrintStream console) {
        this.settings = settings;
        this.console = console;
        try {
            this.dataDir = Files.createTempDirectory("switchboard-local-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        StackSettings settings;
        try {
            settings = StackSettings.fromEnvironment(System.getenv(), Path.of(""));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(settings, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("\nThe local stack could not start: " + e.getMessage());
            System.exit(1);
        }
        Duration sinceLaunch = Duration.ofMillis(System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime());
        stack.printWelcome(sinceLaunch);
        ChildProcess died = stack.awaitFirstExit();
        if (!stack.closing) {
            System.err.println("\n" + died.name() + " exited with code " + died.process().exitValue()
                    + "; stopping the stack. Its log: " + died.logFile());
            System.exit(1);
        }
    }

    /** Starts everything and returns once every service answers its readiness probe. */
    public void start() {
        CompletableFuture<Void> broker = CompletableFuture.runAsync(() -> {
            if (settings.externalKafka().isPresent()) {
                LocalKafka.awaitBroker(settings.kafkaBootstrapServers(), Duration.ofSeconds(30));
                say("using the Kafka at " + settings.kafkaBootstrapServers());
            } else {
                kafka = LocalKafka.start(settings.ports().kafka(), settings.ports().kafkaController(), kafkaDir());
                say("Kafka (KRaft, one node) listening on " + kafka.bootstrapServers());
            }
            List<String> created = LocalKafka.createTopics(settings.kafkaBootstrapServers(), PARTITIONS);
            say("topics: " + created.size() + " created (" + PARTITIONS + " partitions each), the rest existed");
        });
        CompletableFuture<Void> database = CompletableFuture.runAsync(this::startPostgres);
        CompletableFuture<Void> store = CompletableFuture.runAsync(this::startObjectStore);
        CompletableFuture.allOf(broker, database, store).join();

        for (String module : MODULES) {
            startChild(SHORT_NAMES.get(module), module, portOf(module), environmentOf(module));
        }
        awaitReady();
        createDemoAgents();
    }

    /** The services in the order they start, by module; the launcher names them by {@link #SHORT_NAMES}. */
    private static final List<String> MODULES = List.of("sandbox", "ingress-service", "ticket-service", "media-service",
            "outbound-service", "reminder-service");
    private static final Map<String, String> SHORT_NAMES = Map.of("sandbox", "sandbox", "ingress-service", "ingress",
            "ticket-service", "ticket", "media-service", "media", "outbound-service", "outbound",
            "reminder-service", "reminder");

    private int portOf(String module) {
        StackSettings.Ports ports = settings.ports();
        return switch (module) {
            case "sandbox" -> ports.sandbox();
            case "ingress-service" -> ports.ingress();
            case "ticket-service" -> ports.ticket();
            case "media-service" -> ports.media();
            case "outbound-service" -> ports.outbound();
            case "reminder-service" -> ports.reminder();
            default -> throw new IllegalArgumentException("no module " + module + " in " + MODULES);
        };
    }

    /** What one service of this stack gets on top of the common environment ({@link #startChild}). */
    private Map<String, String> environmentOf(String module) {
        String sandbox = settings.url(settings.ports().sandbox());
        Map<String, String> own = new LinkedHashMap<>(switch (module) {
            case "sandbox" -> Map.of("SWITCHBOARD_SANDBOX_INGRESS_URL", settings.url(settings.ports().ingress()));
            case "ingress-service" -> Map.of("SWITCHBOARD_CHANNEL_KEYS", StackSettings.CHANNEL_KEYS);
            case "ticket-service" -> Map.ofEntries(
                    Map.entry("SWITCHBOARD_BOOTSTRAP_ADMIN",
                            StackSettings.CONSOLE_ADMIN_LOGIN + ":" + StackSettings.CONSOLE_ADMIN_PASSWORD),
                    Map.entry("SWITCHBOARD_DATABASE_URL", jdbcUrl("ticket")),
                    Map.entry("SWITCHBOARD_AGENT_API_TOKEN", StackSettings.AGENT_API_TOKEN),
                    Map.entry("SWITCHBOARD_ADMIN_TOKEN", StackSettings.ADMIN_API_TOKEN),
                    Map.entry("SWITCHBOARD_CHANNEL_KEYS", StackSettings.CHANNEL_KEYS),
                    Map.entry("SWITCHBOARD_PUBLIC_WEBHOOK_URL", settings.url(settings.ports().ingress())),
                    Map.entry("SWITCHBOARD_GRAPH_BASE_URL", settings.graphBaseUrl()),
                    Map.entry("SWITCHBOARD_TWILIO_BASE_URL", settings.twilioBaseUrl()),
                    // the Senders API (messaging.twilio.com) and the Content API (content.twilio.com): the sandbox serves both
                    Map.entry("SWITCHBOARD_TWILIO_MESSAGING_BASE_URL", sandbox),
                    Map.entry("SWITCHBOARD_TWILIO_CONTENT_BASE_URL", sandbox),
                    Map.entry("SWITCHBOARD_DIALOG360_BASE_URL", settings.dialog360BaseUrl()));
            case "media-service" -> Map.of(
                    "SWITCHBOARD_DATABASE_URL", jdbcUrl("media"),
                    "SWITCHBOARD_DATABASE_POOL_SIZE", "8",
                    "SWITCHBOARD_CHANNEL_KEYS", StackSettings.CHANNEL_KEYS,
                    "SWITCHBOARD_GRAPH_BASE_URL", settings.graphBaseUrl(),
                    "SWITCHBOARD_DIALOG360_BASE_URL", settings.dialog360BaseUrl());
            case "outbound-service" -> Map.of(
                    "SWITCHBOARD_DATABASE_URL", jdbcUrl("outbound"),
                    "SWITCHBOARD_DATABASE_POOL_SIZE", "8",
                    "SWITCHBOARD_CHANNEL_KEYS", StackSettings.CHANNEL_KEYS,
                    "SWITCHBOARD_GRAPH_BASE_URL", settings.graphBaseUrl(),
                    "SWITCHBOARD_TWILIO_BASE_URL", settings.twilioBaseUrl(),
                    "SWITCHBOARD_DIALOG360_BASE_URL", settings.dialog360BaseUrl());
            case "reminder-service" -> Map.of(
                    "SWITCHBOARD_DATABASE_URL", jdbcUrl("reminder"),
                    "SWITCHBOARD_DATABASE_POOL_SIZE", "8");
            default -> throw new IllegalArgumentException("no module " + module + " in " + MODULES);
        });
        own.putAll(moduleEnvironment.getOrDefault(module, Map.of()));
        return own;
    }

    // ---- Stack control: what an operator does to a running platform, for the operations tests and runbooks ----

    /** The services and the sandbox, by the names the launcher prints (ingress, ticket, media, outbound, reminder). */
    public List<String> serviceNames() {
        return children.stream().map(ChildProcess::name).toList();
    }

    public boolean isRunning(String name) {
        return child(name).process().isAlive();
    }

    /** SIGTERM, as Kubernetes stops a pod: the service shuts down gracefully (killed after 25 s); returns once it is gone. */
    public void stopService(String name) {
        ChildProcess child = child(name);
        child.requestStop();
        child.awaitStopped(STOP_GRACE);
        say(name + " stopped");
    }

    /** Starts a stopped service again with the same command, environment and port; returns once it is ready. */
    public void startService(String name) {
        ChildProcess again = child(name).startAgain();
        children.replaceAll(child -> child.name().equals(name) ? again : child);
        awaitReady(List.of(again));
    }

    /**
     * More environment for one module's processes (replicas too), on top of what {@link #start()} gives it, e.g. the
     * sandbox's webhook attempts for a soak. Call before {@link #start()} or before {@link #startReplica}.
     */
    public LocalStack withEnvironment(String module, Map<String, String> environment) {
        moduleEnvironment.merge(module, Map.copyOf(environment), (old, more) -> {
            Map<String, String> merged = new LinkedHashMap<>(old);
            merged.putAll(more);
            return Map.copyOf(merged);
        });
        return this;
    }

    /** One more process of a module: its name (e.g. ticket-2) and its port. */
    public record Replica(String name, String module, int port) {
    }

    /**
     * Starts more processes of modules (replicas: same environment, same database and consumer groups, each its own
     * port), all at once; returns once every one is ready. Stop, kill and start them again by their names.
     */
    public void startReplicas(List<Replica> replicas) {
        List<ChildProcess> started = new ArrayList<>();
        for (Replica replica : replicas) {
            if (children.stream().anyMatch(c -> c.name().equals(replica.name()))) {
                throw new IllegalArgumentException(replica.name() + " exists already");
            }
            started.add(startChild(replica.name(), replica.module(), replica.port(), environmentOf(replica.module())));
        }
        awaitReady(started);
    }

    /**
     * SIGKILL, as the kernel's OOM killer or a node failure ends a pod: no shutdown hook, no graceful close; returns
     * once the process is gone.
     */
    public void killService(String name) {
        ChildProcess child = child(name);
        child.kill();
        say(name + " killed (SIGKILL)");
    }

    /**
     * Stops PostgreSQL ({@code pg_ctl stop -m fast}: sessions end, new connections are refused); its data stays, and
     * {@link #startDatabase()} starts it again on the same port.
     */
    public void stopDatabase() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop", e);
        }
        postgres = null;
        say("PostgreSQL stopped (data kept)");
    }

    /** Starts PostgreSQL again on the same port and data. */
    public void startDatabase() {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL is running");
        }
        postgres = openPostgres();
        say("PostgreSQL listening again on localhost:" + settings.ports().postgres());
    }

    /** Stops the stack's own broker (its data stays): producers time out, consumers wait. */
    public void stopBroker() {
        requireOwnBroker();
        kafka.close();
        say("Kafka stopped (data kept in " + kafkaDir() + ")");
    }

    /** Starts the stack's broker again on the same port and the same data. */
    public void startBroker() {
        requireOwnBroker();
        kafka = LocalKafka.start(settings.ports().kafka(), settings.ports().kafkaController(), kafkaDir());
        say("Kafka listening again on " + kafka.bootstrapServers());
    }

    /**
     * Copies a service's database as it is now ({@code CREATE DATABASE snapshot TEMPLATE database}): PostgreSQL
     * copies only a database nobody is connected to, so stop the service first.
     */
    public void snapshotDatabase(String database, String snapshot) {
        sql("postgres", "CREATE DATABASE " + identifier(snapshot) + " TEMPLATE " + identifier(database));
        say("database " + database + " copied to " + snapshot);
    }

    /** Replaces a (stopped) service's database by a copy of the snapshot; the snapshot stays. */
    public void restoreDatabase(String database, String snapshot) {
        sql("postgres", "DROP DATABASE " + identifier(database));
        sql("postgres", "CREATE DATABASE " + identifier(database) + " TEMPLATE " + identifier(snapshot));
        say("database " + database + " restored from " + snapshot);
    }

    /**
     * Makes a database refuse every write, as a standby does after a failover or a database set read-only for
     * maintenance ({@code default_transaction_read_only}), or accept writes again; its sessions are ended so that the
     * services' pools reconnect with the setting.
     */
    public void setDatabaseReadOnly(String database, boolean readOnly) {
        sql("postgres", "ALTER DATABASE " + identifier(database)
                + (readOnly ? " SET default_transaction_read_only = on" : " RESET default_transaction_read_only"));
        sql("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + identifier(database) + "' AND pid <> pg_backend_pid()");
        say("database " + database + (readOnly ? " read-only" : " writable again"));
    }

    /**
     * Every table of a database in a stable order, for comparing states: per table ({@code schema.table}, by name) its
     * rows as PostgreSQL's text of the row, sorted.
     *
     * @param ignoredColumns {@code schema.table.column}s left out of the rows (e.g. when a periodic sync last ran)
     */
    public Map<String, List<String>> dumpDatabase(String database, java.util.Set<String> ignoredColumns) {
        Map<String, List<String>> columns = new java.util.TreeMap<>();
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            try (var rows = statement.executeQuery("SELECT c.table_schema || '.' || c.table_name, c.column_name FROM "
                    + "information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema"
                    + " AND t.table_name = c.table_name WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN "
                    + "('pg_catalog', 'information_schema') ORDER BY 1, c.ordinal_position")) {
                while (rows.next()) {
                    List<String> ofTable = columns.computeIfAbsent(rows.getString(1), t -> new ArrayList<>());
                    if (!ignoredColumns.contains(rows.getString(1) + "." + rows.getString(2))) {
                        ofTable.add(quoted(rows.getString(2)));
                    }
                }
            }
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                String[] name = table.getKey().split("\\.", 2);
                List<String> content = new ArrayList<>();
                try (var rows = statement.executeQuery("SELECT ROW(" + String.join(", ", table.getValue())
                        + ")::text FROM " + quoted(name[0]) + "." + quoted(name[1]) + " ORDER BY 1")) {
                    while (rows.next()) {
                        content.add(rows.getString(1));
                    }
                }
                tables.put(table.getKey(), content);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read database " + database + ": " + e.getMessage(), e);
        }
        return tables;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The JDBC URL of one of the stack's databases (user postgres, no password). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + settings.ports().postgres() + "/" + database + "?user=postgres";
    }

    private ChildProcess child(String name) {
        return children.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name + " in " + serviceNames()));
    }

    private void requireOwnBroker() {
        if (kafka == null) {
            throw new IllegalStateException("the stack uses an external Kafka (" + settings.kafkaBootstrapServers()
                    + "): it cannot stop or start it");
        }
    }

    private Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    private Connection connect(String database) throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(database));
    }

    private void sql(String database, String command) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(command);
        } catch (SQLException e) {
            throw new IllegalStateException(command + " failed: " + e.getMessage(), e);
        }
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return name;
    }

    /** Resident memory of everything the stack runs: this JVM (with Kafka), PostgreSQL's processes, each child. */
    public Map<String, Long> residentBytes() {
        Map<String, Long> resident = new LinkedHashMap<>();
        resident.put(kafka != null ? "launcher+kafka+s3" : "launcher+s3", ResidentMemory.of(ProcessHandle.current()));
        if (postgres != null) {
            resident.put("postgres", ResidentMemory.ofTree(postmaster()));
        }
        for (ChildProcess child : children) {
            resident.put(child.name(), ResidentMemory.ofTree(child.process().toHandle()));
        }
        return resident;
    }

    public StackSettings settings() {
        return settings;
    }

    /** Blocks until one of the services ends (on its own, or because the stack is closing) and returns it. */
    public ChildProcess awaitFirstExit() {
        return (ChildProcess) CompletableFuture.anyOf(children.stream()
                .map(child -> child.process().onExit().thenApply(p -> child))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** The last lines each service wrote, for a failing test's report. */
    public String logTails() {
        StringBuilder tails = new StringBuilder();
        for (ChildProcess child : children) {
            tails.append("\n===== ").append(child.name()).append(" (").append(child.logFile()).append(")\n")
                    .append(child.tail()).append('\n');
        }
        return tails.toString();
    }

    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        say("stopping...");
        children.forEach(ChildProcess::requestStop);
        children.forEach(child -> child.awaitStopped(STOP_GRACE));
        if (kafka != null) {
            kafka.close();
        }
        if (objectStore != null) {
            objectStore.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                say("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        deleteRecursively(dataDir);
        say("stopped; nothing left running");
    }

    private void startPostgres() {
        postgres = openPostgres();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (String database : List.of("ticket", "outbound", "reminder", "media")) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the services' databases", e);
        }
        say("PostgreSQL listening on localhost:" + settings.ports().postgres()
                + " (databases ticket, outbound, reminder, media; user postgres)");
    }

    /**
     * On the data directory: a new one is initialised, an existing one (after {@link #stopDatabase()}) reused. The data
     * is not deleted on close (that would make a stop final): {@link #close()} deletes the stack's whole data dir.
     */
    private EmbeddedPostgres openPostgres() {
        try {
            return EmbeddedPostgres.builder()
                    .setPort(settings.ports().postgres())
                    .setDataDirectory(dataDir.resolve("postgres"))
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL on port " + settings.ports().postgres(), e);
        }
    }

    private void startObjectStore() {
        objectStore = EmbeddedS3.start(settings.ports().s3(), dataDir.resolve("s3"), List.of(StackSettings.MEDIA_BUCKET));
        say("object store (S3 API, S3Mock) listening on " + objectStore.endpoint() + " (bucket "
                + StackSettings.MEDIA_BUCKET + ")");
    }

    private ChildProcess startChild(String name, String module, int port, Map<String, String> own) {
        String readinessPath = module.equals("sandbox") ? "/actuator/health" : "/actuator/health/readiness";
        Path jar = settings.jar(module);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (deploy/local/run.sh does: "
                    + "./mvnw -DskipTests package)");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SERVER_PORT", String.valueOf(port));
        environment.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:" + settings.channelsFile());
        environment.put("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
        environment.put("SWITCHBOARD_WINDOW_DURATION", settings.window().toString());
        environment.put("SWITCHBOARD_REMINDER_DELAY", settings.reminderDelay().toString());
        environment.put("SWITCHBOARD_DATABASE_USERNAME", "postgres");
        environment.put("SWITCHBOARD_DATABASE_PASSWORD", "postgres");
        // Every service that keeps or reads attachments finds the launcher's object store here; S3Mock takes any key.
        environment.put("SWITCHBOARD_MEDIA_STORE_ENDPOINT", settings.url(settings.ports().s3()));
        environment.put("SWITCHBOARD_MEDIA_BUCKET", StackSettings.MEDIA_BUCKET);
        environment.put("SWITCHBOARD_MEDIA_STORE_PATHSTYLE", "true");
        environment.put("SWITCHBOARD_MEDIA_STORE_ACCESSKEY", "local");
        environment.put("SWITCHBOARD_MEDIA_STORE_SECRETKEY", "local");
        // Readable, short lines; Kafka clients' configuration dumps are not what a newcomer wants to read.
        environment.put("LOGGING_PATTERN_CONSOLE", "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        environment.put("LOGGING_LEVEL_ORG_APACHE_KAFKA", "WARN");
        environment.putAll(settings.serviceEnvironment());
        environment.putAll(own);

        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(settings.serviceJavaOpts());
        command.add("-jar");
        command.add(privateCopy(jar).toString());

        String label = null;
        if (settings.echoLogs()) {
            String colour = COLOURS[children.size() % COLOURS.length];
            label = System.console() != null
                    ? colour + String.format("%-9s|", name) + "\u001b[0m "
                    : String.format("%-9s| ", name);
        }
        ChildProcess child = ChildProcess.start(name, command, environment,
                URI.create(settings.url(port) + readinessPath), settings.logDir().resolve(name + ".log"),
                label, console);
        children.add(child);
        return child;
    }

    /**
     * A running JVM reads classes from its jar lazily: a rebuild of the module while the stack runs would replace the
     * jar under it and fail later with NoClassDefFoundError. Each process runs from its own copy instead.
     */
    private Path privateCopy(Path jar) {
        try {
            Path copy = dataDir.resolve("jars").resolve(jar.getFileName());
            Files.createDirectories(copy.getParent());
            return Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + jar, e);
        }
    }

    private void awaitReady() {
        awaitReady(children);
    }

    private void awaitReady(List<ChildProcess> starting) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<ChildProcess> waiting = new ArrayList<>(starting);
        while (!waiting.isEmpty()) {
            waiting.removeIf(child -> {
                if (child.isReady()) {
                    say(child.name() + " is ready");
                    return true;
                }
                return false;
            });
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready within " + READY_TIMEOUT + ": "
                        + waiting.stream().map(ChildProcess::name).toList() + logTails());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the services", e);
            }
        }
    }

    /**
     * The console's demo agents, through the admin API as an operator would create them: ticket-service's bootstrap
     * admin exists already. An agent that exists (a restarted stack on the same data) is left as it is.
     */
    private void createDemoAgents() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (StackSettings.DemoAgent agent : StackSettings.DEMO_AGENTS) {
            String body = "{\"login\":\"%s\",\"name\":\"%s\",\"password\":\"%s\",\"role\":\"agent\",\"groups\":[\"%s\"]}"
                    .formatted(agent.login(), agent.name(), agent.password(), agent.group());
            try {
                java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest
                                .newBuilder(URI.create(settings.url(settings.ports().ticket()) + "/api/admin/agents"))
                                .header("Authorization", "Bearer " + StackSettings.ADMIN_API_TOKEN)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(10))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                // 422 "is taken by another agent": the stack was restarted on the data of an earlier run
                boolean exists = answer.statusCode() == 422 && answer.body().contains("taken");
                if (answer.statusCode() != 201 && !exists) {
                    throw new IllegalStateException("creating the demo agent " + agent.login() + " answered "
                            + answer.statusCode() + ": " + answer.body());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the demo agent " + agent.login(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating the demo agents", e);
            }
        }
        say("console agents: " + StackSettings.CONSOLE_ADMIN_LOGIN + " (admin), " + StackSettings.DEMO_AGENTS.stream()
                .map(a -> a.login() + " (" + a.group() + ")").collect(java.util.stream.Collectors.joining(", ")));
    }

    private ProcessHandle postmaster() {
        try {
            String pid = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim();
            return ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot find PostgreSQL's process", e);
        }
    }

    private void printWelcome(Duration sinceLaunch) {
        Map<String, Long> resident = residentBytes();
        long total = resident.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder memory = new StringBuilder();
        resident.forEach((name, bytes) -> memory.append(memory.isEmpty() ? "" : ", ").append(name).append(' ')
                .append(bytes >> 20).append(" MiB"));
        StackSettings.Ports ports = settings.ports();
        String ingress = settings.url(ports.ingress());
        console.printf("""

                ================================================================================================
                 Switchboard is ready: %.1f s after launch; %,d MiB resident in total
                   (%s)
                ================================================================================================
                 Webhooks (ingress-service %s)
                   Meta:    %s/webhooks/whatsapp/demo          verify token: demo-verify-token
                   Twilio:  %s/webhooks/twilio/demo-twilio
                 Agent console (ticket-service): %s/console/
                   admin / %s (every group), alice / %s (support), bob / %s (sales)
                 Agent API (ticket-service):  %s/api/tickets   token: %s
                 Channel admin API:           %s/api/admin/channels   token: %s
                 Sandbox (Graph API, Twilio, 360dialog stand-in): %s/sandbox/messages
                 Object store (S3 API): %s   bucket: %s
                 Window %s, reminder after %s. Logs: %s

                 Try it (in another terminal, from the checkout):
                   deploy/local/customer.sh text "Hello, my order has not arrived"
                   curl -s -H 'Authorization: Bearer %s' %s/api/tickets
                 The operators' tool (replay, reparse, dlt, topics check; docs/operations/ has the runbooks):
                   java -jar admin-cli/target/admin-cli-%s.jar <command> ... --bootstrap-servers %s
                   e.g. java -jar admin-cli/target/admin-cli-%s.jar dlt list --bootstrap-servers %s
                 Ctrl-C stops everything.
                ================================================================================================
                %n""",
                sinceLaunch.toMillis() / 1000.0, total >> 20, memory, ingress, ingress, ingress,
                settings.url(ports.ticket()), StackSettings.CONSOLE_ADMIN_PASSWORD,
                StackSettings.DEMO_AGENTS.get(0).password(), StackSettings.DEMO_AGENTS.get(1).password(),
                settings.url(ports.ticket()), StackSettings.AGENT_API_TOKEN,
                settings.url(ports.ticket()), StackSettings.ADMIN_API_TOKEN, settings.url(ports.sandbox()),
                settings.url(ports.s3()), StackSettings.MEDIA_BUCKET, settings.window(), settings.reminderDelay(), settings.logDir(),
                StackSettings.AGENT_API_TOKEN, settings.url(ports.ticket()),
                StackSettings.VERSION, settings.kafkaBootstrapServers(),
                StackSettings.VERSION, settings.kafkaBootstrapServers());
    }

    private void say(String message) {
        console.println("stack    | " + message);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temp dir: the OS cleans it eventually.
        }
    }
}
