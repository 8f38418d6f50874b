package dev.switchboard.local.soak;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.switchboard.local.KafkaState;

/**
 * Waits until the platform has done everything the load asked of it, bounded and printing what is left now and then:
 * first the backlog (every service's consumer groups at lag 0, ticket-service's outbox empty, no outbound request
 * queued, every outbound result published), then the last customers' timers (their reminder and their window's close
 * fired: last customer message + window + a margin) and the backlog they made.
 */
final class CountDrain {

    static final Duration BACKLOG_LIMIT = Duration.ofMinutes(10);
    static final Duration TIMER_MARGIN = Duration.ofSeconds(30);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofSeconds(2);

    private final KafkaState kafka;
    private final CountSources sources;
    private final PrintStream console;

    CountDrain(KafkaState kafka, CountSources sources, PrintStream console) {
        this.kafka = kafka;
        this.sources = sources;
        this.console = console;
    }

    /** Both waits; answers how long they took. */
    Duration drain(Journal journal, Duration window) {
        Instant started = Instant.now();
        boolean backlog = waitFor("backlog", this::backlogLeft, started.plus(BACKLOG_LIMIT));
        console.printf("count: backlog %s after %d s%n", backlog ? "drained" : "NOT drained",
                Duration.between(started, Instant.now()).toSeconds());
        Instant lastCustomerMessage = Instant.ofEpochMilli(journal.webhooks().stream()
                .filter(w -> w.kind() != Journal.WebhookKind.FUZZ && !w.messageIds().isEmpty() && w.status() == 200)
                .mapToLong(Journal.Webhook::answeredAt).max().orElse(started.toEpochMilli()));
        Instant timersDue = lastCustomerMessage.plus(window).plus(TIMER_MARGIN);
        console.printf("count: waiting for the last customers' reminders and window closes (due by %s)%n", timersDue);
        boolean timers = waitFor("timers", () -> {
            List<String> left = new ArrayList<>();
            if (Instant.now().isBefore(timersDue)) {
                left.add(Duration.between(Instant.now(), timersDue).toSeconds() + " s until the last window closes");
            }
            long due = sources.count("reminder", "select count(*) from scheduled_tasks where execution_time <= ?",
                    timersDue.atOffset(ZoneOffset.UTC));
            if (due > 0) {
                left.add(due + " timers due not fired");
            }
            if (left.isEmpty()) {
                left.addAll(backlogLeft());
            }
            return left;
        }, timersDue.plus(BACKLOG_LIMIT));
        Duration took = Duration.between(started, Instant.now());
        console.printf("count: drain %s in %d s%n", backlog && timers ? "complete" : "INCOMPLETE", took.toSeconds());
        return took;
    }

    /** What is still to do: empty when drained. */
    List<String> backlogLeft() {
        List<String> left = new ArrayList<>();
        Map<String, Long> lag = RecoveryLagSampler.lagNow(kafka);
        lag.forEach((group, records) -> {
            if (records > 0) {
                left.add(group + " lag " + records);
            }
        });
        long outbox = sources.count("ticket", "select count(*) from outbox");
        if (outbox > 0) {
            left.add("ticket outbox " + outbox);
        }
        long queued = sources.count("outbound", "select count(*) from send_request where state = 'queued'");
        if (queued > 0) {
            left.add(queued + " outbound requests queued");
        }
        long unpublished = sources.count("outbound",
                "select count(*) from send_request where state = 'done' and not result_published");
        if (unpublished > 0) {
            left.add(unpublished + " outbound results unpublished");
        }
        return left;
    }

    private boolean waitFor(String what, Supplier<List<String>> left, Instant deadline) {
        Instant lastPrinted = Instant.now();
        List<String> now = leftOrWhy(left);
        while (!now.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                console.printf("count: %s still left at the limit: %s%n", what, now);
                return false;
            }
            if (Duration.between(lastPrinted, Instant.now()).compareTo(PROGRESS_EVERY) >= 0) {
                console.printf("count: %s left: %s%n", what, now);
                lastPrinted = Instant.now();
            }
            pause();
            now = leftOrWhy(left);
        }
        return true;
    }

    /** A failed look (the database or broker not back yet) is something left too. */
    private static List<String> leftOrWhy(Supplier<List<String>> left) {
        try {
            return left.get();
        } catch (RuntimeException e) {
            return List.of("cannot look: " + e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining", e);
        }
    }
}
