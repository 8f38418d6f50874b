package dev.switchboard.local.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.switchboard.local.LocalStack;

/**
 * The faults: the {@link FaultPlan} (each kind at least once, each process killed at least once, in a seeded random
 * order at seeded random times, then random extras; fitted to the run's length, see there) carried out one at a time,
 * with at least {@code faultPause} between the cure of one and the start of the next:
 * <ul>
 * <li>{@code kill}: SIGKILL of one process (service or replica), started again at once; the fault ends when it
 * answers ready.</li>
 * <li>{@code broker-restart}: the broker stopped (in-process and graceful: it lives in the launcher's JVM), down for
 * the hold, started on its data.</li>
 * <li>{@code database-stop}: PostgreSQL stopped for the hold, started on its data.</li>
 * <li>{@code provider-130429}, {@code provider-5xx}, {@code provider-timeout}: sandbox faults for the hold: 130429
 * (Meta) and 20429 (Twilio) on 30 % of the sends; 131000 (Meta, 500) and 20503 (Twilio, 503) on 30 %; 20 % held
 * 15 s, past outbound's 10 s request timeout, then refused with 503 (never accepted).</li>
 * </ul>
 * Each fault is one {@link Journal.Fault} (started when it was caused, ended when the cure was applied and, for a
 * kill, the process answered ready) and a console line at its start and end. A fault that would no longer end within
 * the run (an earlier cure took longer than expected) is left out, and said so.
 *
 * <p>{@link #stop()} ends the wait or hold in progress, cures it at once, then checks everything (every process
 * running and ready, broker and PostgreSQL answering, no provider fault) and repairs what is not; a cure that throws is
 * retried (and printed) until it holds. It returns only when the stack runs.
 */
public final class FaultSchedule {

    /** What a fault leaves broken until its cure. */
    private enum Down { BROKER, DATABASE, PROVIDER }

    /** How often a cure is tried before the soak gives up on the stack. */
    private static final int CURE_ATTEMPTS = 8;
    private static final Duration READY_WAIT = Duration.ofSeconds(120);

    private final SoakSettings settings;
    private final SoakStack stack;
    private final LocalStack control;
    private final Journal journal;
    private final PrintStream console;
    private final FaultPlan plan;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** What is broken now, for a cure from whichever thread gets there: guarded by {@code this}. */
    private final Set<Down> down = EnumSet.noneOf(Down.class);
    private Thread runner;
    private long startedNanos;

    public FaultSchedule(SoakSettings settings, SoakStack stack, Journal journal, PrintStream console) {
        this.settings = settings;
        this.stack = stack;
        this.control = stack.control();
        this.journal = journal;
        this.console = console;
        this.plan = FaultPlan.plan(stack.processes(), settings.duration(), settings.faultPause(), settings.seed());
    }

    public FaultPlan plan() {
        return plan;
    }

    /** Prints the plan and starts it (returns at once). */
    public synchronized void start() {
        if (runner != null) {
            throw new IllegalStateException("the fault schedule runs already");
        }
        console.print(plan.describe());
        startedNanos = System.nanoTime();
        runner = new Thread(this::run, "soak-faults");
        runner.setDaemon(true);
        runner.start();
    }

    /**
     * Ends the schedule: the fault in progress is cured at once, then everything is checked and repaired; returns
     * once every process runs and answers ready, the broker and PostgreSQL answer, and the provider has no fault.
     */
    public void stop() {
        Thread thread;
        synchronized (this) {
            thread = runner;
        }
        stopping.countDown();
        if (thread != null) {
            try {
                // A kill's restart may be under way: it ends within the stack's readiness timeout.
                thread.join(Duration.ofMinutes(4).toMillis());
                if (thread.isAlive()) {
                    say("the schedule did not end in 4 minutes; interrupting it and curing from here");
                    thread.interrupt();
                    thread.join(Duration.ofSeconds(30).toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                say("interrupted while waiting for the schedule; curing anyway");
            }
        }
        cureEverything();
        say("stopped: every process ready, broker and PostgreSQL up, no provider fault");
    }

    private void run() {
        Duration earliest = Duration.ZERO;
        for (FaultPlan.Planned fault : plan.faults()) {
            Duration begin = fault.at().compareTo(earliest) > 0 ? fault.at() : earliest;
            if (!waitUntil(begin)) {
                return;
            }
            if (elapsed().plus(fault.expected()).compareTo(settings.duration()) > 0) {
                say("left out " + fault.kind().label() + " " + fault.target() + ": it would end after the run ("
                        + fault.expected().toSeconds() + " s expected, " + remaining().toSeconds() + " s left)");
                continue;
            }
            try {
                cause(fault);
            } catch (RuntimeException e) {
                say(fault.kind().label() + " " + fault.target() + " failed: " + e + "; curing everything");
                e.printStackTrace(console);
                cureEverything();
            }
            earliest = elapsed().plus(settings.faultPause());
            if (stopping.getCount() == 0) {
                return;
            }
        }
        say("every planned fault done");
    }

    private void cause(FaultPlan.Planned fault) {
        String kind = fault.kind().label();
        String target = fault.target();
        long startedAt = System.currentTimeMillis();
        say("start " + kind + " " + target + (fault.hold().isZero() ? "" : " for " + seconds(fault.hold())));
        String detail;
        switch (fault.kind()) {
            case KILL -> {
                control.killService(target);
                long killed = System.nanoTime();
                restart(target);
                detail = "SIGKILL; ready again after " + seconds(since(killed));
            }
            case BROKER_RESTART -> detail = outage(Down.BROKER, control::stopBroker, fault.hold(), startedAt,
                    this::cureBroker);
            case DATABASE_STOP -> detail = outage(Down.DATABASE, control::stopDatabase, fault.hold(), startedAt,
                    this::cureDatabase);
            case PROVIDER_130429, PROVIDER_5XX, PROVIDER_TIMEOUT -> {
                markDown(Down.PROVIDER);
                List<String> rules = providerFaults(fault.kind());
                rules.forEach(rule -> sandbox("POST", rule, 201));
                boolean cutShort = hold(fault.hold());
                String hits = sandbox("GET", null, 200);
                cureProvider();
                detail = String.join(" + ", rules) + " for " + seconds(Duration.ofMillis(System.currentTimeMillis()
                        - startedAt)) + (cutShort ? " (cut short: the run ended)" : "") + "; hits " + hitsOf(hits);
            }
            default -> throw new IllegalStateException("unknown fault " + fault.kind());
        }
        long endedAt = System.currentTimeMillis();
        journal.fault(new Journal.Fault(kind, target, startedAt, endedAt, detail));
        say("end " + kind + " " + target + " after " + seconds(Duration.ofMillis(endedAt - startedAt)) + ": " + detail);
    }

    /** Stops the broker or PostgreSQL for the hold, then cures it; the journal's detail. */
    private String outage(Down what, Runnable stop, Duration hold, long startedAt, Runnable cure) {
        markDown(what);
        long stopStarted = System.nanoTime();
        stop.run();
        Duration stopTook = since(stopStarted);
        boolean cutShort = hold(hold);
        long cureStarted = System.nanoTime();
        cure.run();
        return "stopped in " + seconds(stopTook) + ", down " + seconds(Duration.ofMillis(System.currentTimeMillis()
                - startedAt)) + (cutShort ? " (cut short: the run ended)" : "") + ", started in "
                + seconds(since(cureStarted));
    }

    private synchronized void markDown(Down what) {
        down.add(what);
    }

    /** The sandbox faults of a provider fault kind: Meta's and Twilio's. */
    static List<String> providerFaults(FaultKind kind) {
        return switch (kind) {
            case PROVIDER_130429 -> List.of("{\"code\":130429,\"ratio\":0.3}", "{\"code\":20429,\"ratio\":0.3}");
            case PROVIDER_5XX -> List.of("{\"code\":131000,\"ratio\":0.3}", "{\"code\":20503,\"ratio\":0.3}");
            // No code: both providers, a bare 503 after the delay.
            case PROVIDER_TIMEOUT -> List.of("{\"delayMillis\":" + FaultPlan.PROVIDER_DELAY.toMillis()
                    + ",\"ratio\":0.2}");
            default -> throw new IllegalArgumentException(kind + " is not a provider fault");
        };
    }

    // ---- cures: each retried until it holds, safe to repeat, callable from the schedule and from stop() ----

    /** Everything back: each process running and ready, broker and database up, no provider fault. */
    private void cureEverything() {
        cureProvider();
        cureBroker();
        cureDatabase();
        stack.processes().forEach(this::restart);
    }

    /** A process running and ready: started if it is not running, killed and started if it stays unready. */
    private void restart(String process) {
        cure("restart " + process, () -> {
            if (control.isRunning(process)) {
                // Alive but not ready: given a while (a restart may be under way), then killed and started again.
                if (awaitReady(process, READY_WAIT)) {
                    return;
                }
                say(process + " runs but is not ready after " + seconds(READY_WAIT) + "; killing it");
                control.killService(process);
            }
            control.startService(process);
        }, () -> ready(process));
    }

    private void cureBroker() {
        // Started only when it does not answer: stopBroker may have failed half-way.
        cureIfDown(Down.BROKER, "start the broker", () -> {
            if (!brokerAnswers()) {
                control.startBroker();
            }
        }, this::brokerAnswers);
    }

    private void cureDatabase() {
        cureIfDown(Down.DATABASE, "start PostgreSQL", () -> {
            if (!databaseAnswers()) {
                control.startDatabase();
            }
        }, this::databaseAnswers);
    }

    private void cureProvider() {
        cureIfDown(Down.PROVIDER, "remove the provider's faults", () -> sandbox("DELETE", null, 204),
                () -> sandbox("GET", null, 200).contains("\"items\":[]"));
    }

    private void cureIfDown(Down what, String description, Runnable action, BooleanSupplier holds) {
        synchronized (this) {
            if (!down.contains(what)) {
                return;
            }
        }
        cure(description, action, holds);
        synchronized (this) {
            down.remove(what);
        }
    }

    /**
     * Applies a cure until {@code holds}: each failure is printed and tried again after a growing wait (1, 2, 4...
     * s, at most 30 s); after {@value #CURE_ATTEMPTS} attempts the stack is broken for good and the run fails.
     */
    private void cure(String what, Runnable action, BooleanSupplier holds) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= CURE_ATTEMPTS; attempt++) {
            try {
                action.run();
                if (holds.getAsBoolean()) {
                    if (attempt > 1) {
                        say(what + ": done at attempt " + attempt);
                    }
                    return;
                }
                last = new IllegalStateException(what + " did not hold");
            } catch (RuntimeException e) {
                last = e;
            }
            say(what + ": attempt " + attempt + " failed: " + firstLine(last));
            try {
                Thread.sleep(Math.min(30_000L, 1000L << (attempt - 1)));
            } catch (InterruptedException e) {
                // stop() gave up waiting for this thread and cures from its own: let it.
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted", e);
            }
        }
        throw new IllegalStateException(what + " failed " + CURE_ATTEMPTS + " times; the stack is broken", last);
    }

    // ---- checks ----

    private boolean ready(String process) {
        return control.isRunning(process) && status(stack.url(process) + "/actuator/health/readiness") == 200;
    }

    private boolean awaitReady(String process, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready(process)) {
                return true;
            }
            if (!control.isRunning(process)) {
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Whether the broker's port takes connections: refused at once when it is down, unlike a Kafka client. */
    private boolean brokerAnswers() {
        String bootstrap = stack.kafkaBootstrapServers().split(",")[0];
        int colon = bootstrap.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(bootstrap.substring(0, colon),
                    Integer.parseInt(bootstrap.substring(colon + 1))), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean databaseAnswers() {
        DriverManager.setLoginTimeout(3);
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl("postgres"))) {
            return connection.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** A call of {@code /sandbox/faults}; its body, or an exception when the status is not the one expected. */
    private String sandbox(String method, String json, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.sandboxUrl() + "/sandbox/faults"))
                .timeout(Duration.ofSeconds(10));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " /sandbox/faults failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " /sandbox/faults interrupted", e);
        }
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " /sandbox/faults " + (json == null ? "" : json + " ") + "answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** {@code {"items":[{..."hits":12}, ...]}} -> "12 + 3". */
    private static String hitsOf(String faults) {
        List<String> hits = new ArrayList<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"hits\":(\\d+)").matcher(faults);
        while (matcher.find()) {
            hits.add(matcher.group(1));
        }
        return hits.isEmpty() ? "0" : String.join(" + ", hits);
    }

    // ---- time ----

    /** Waits until {@code at} from the start; false when the schedule is stopping. */
    private boolean waitUntil(Duration at) {
        Duration wait = at.minus(elapsed());
        try {
            return !stopping.await(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS) && stopping.getCount() > 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Holds a fault; true when it was cut short because the schedule is stopping. */
    private boolean hold(Duration hold) {
        try {
            return stopping.await(hold.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private Duration remaining() {
        return settings.duration().minus(elapsed());
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static String firstLine(Throwable e) {
        String text = String.valueOf(e);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private void say(String line) {
        console.println("faults: " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
    }
}
