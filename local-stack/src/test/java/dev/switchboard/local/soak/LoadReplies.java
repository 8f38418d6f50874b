package dev.switchboard.local.soak;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.local.StackSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agent replies through the agent API, as an agent's client makes them: {@code GET /api/tickets?channelId=&customer=}
 * for the ticket of a customer who wrote within the window, then {@code POST /api/tickets/{id}/articles}
 * {@code {"type":"text","text":"reply:<seq> <filler>"}} with the demo agent token, spread over the ticket processes.
 * Every POST is a {@link Journal.Reply}. The API has no idempotency key, so a POST that got no answer (status 0) is
 * not posted again: the count finds out from the database (by the {@code reply:<seq>} token) whether it was stored.
 * A 409 (window closed, opted out), 404 or other 4xx is journaled and left; a 5xx answer (nothing stored) is posted
 * again, a new attempt with the same token, up to {@link #MAX_ATTEMPTS}.
 */
final class LoadReplies {

    static final int MAX_ATTEMPTS = 3;
    /** Replies under way at once; a tick finding more skips (the ticket service is slow or down). */
    static final int MAX_IN_FLIGHT = 32;
    /** Only customers who wrote at least this long ago (their ticket exists) and within the window less this margin. */
    static final Duration SETTLED = Duration.ofSeconds(3);
    static final Duration WINDOW_MARGIN = Duration.ofSeconds(20);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final List<String> ticketUrls;
    private final Journal journal;
    private final ScheduledExecutorService timer;
    private final Duration window;
    private final Random random;
    private final Recent recent = new Recent();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger nextTicketUrl = new AtomicInteger();
    private final AtomicLong seq = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();

    LoadReplies(HttpClient http, List<String> ticketUrls, Journal journal, ScheduledExecutorService timer,
                Duration window, long seed) {
        this.http = http;
        this.ticketUrls = List.copyOf(ticketUrls);
        this.journal = journal;
        this.timer = timer;
        this.window = window;
        this.random = new Random(seed);
    }

    /** A customer's message was answered 200 at this time (any thread). */
    void wrote(LoadPlan.Customer customer, long atMillis) {
        recent.put(new Writer(customer.channelId(), customer.id, customer.waId(), atMillis));
    }

    /**
     * One reply now, to a customer who wrote recently; skipped when none qualifies, the ticket's window is closed or
     * the ticket not found, or too many are under way. One thread calls it (the seeded choices stay on it).
     */
    void tick() {
        long now = System.currentTimeMillis();
        Writer writer = recent.pick(random, now - window.toMillis() + WINDOW_MARGIN.toMillis(),
                now - SETTLED.toMillis());
        if (writer == null || inFlight.get() >= MAX_IN_FLIGHT) {
            skipped.incrementAndGet();
            return;
        }
        inFlight.incrementAndGet();
        String filler = filler();
        String query = "/api/tickets?state=all&channelId=" + writer.channelId() + "&customer="
                + URLEncoder.encode(writer.waId(), StandardCharsets.UTF_8);
        http.sendAsync(agent(ticketUrl() + query).GET().build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    JsonNode ticket = error == null && response.statusCode() == 200
                            ? items(response.body()).path(0) : null;
                    if (ticket == null || ticket.isMissingNode() || !ticket.path("window").path("open").asBoolean()) {
                        skipped.incrementAndGet();
                        inFlight.decrementAndGet();
                        return null;
                    }
                    long number = seq.incrementAndGet();
                    post(writer, ticket.path("id").asLong(), number, "reply:" + number + " " + filler, 1);
                    return null;
                });
    }

    /** Waits (bounded) until no reply is under way. */
    void awaitIdle(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            sleep(100);
        }
    }

    long replies() {
        return seq.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    private void post(Writer writer, long ticketId, long number, String text, int attempt) {
        String body = JSON.writeValueAsString(Map.of("type", "text", "text", text));
        HttpRequest request = agent(ticketUrl() + "/api/tickets/" + ticketId + "/articles")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long sentAt = System.currentTimeMillis();
        attempts.incrementAndGet();
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        answer.handle((response, error) -> {
            int status = error == null ? response.statusCode() : 0;
            Long articleId = null;
            if (status == 202) {
                JsonNode id = parse(response.body()).path("id");
                articleId = id.isMissingNode() ? null : id.asLong();
            }
            journal.reply(new Journal.Reply(number, writer.channelId(), writer.customer(), ticketId,
                    "reply:" + number, attempt, sentAt, System.currentTimeMillis(), status, articleId));
            if (status >= 500 && attempt < MAX_ATTEMPTS && retryLater(writer, ticketId, number, text, attempt + 1)) {
                return null;
            }
            if (status >= 200 && status < 300) {
                accepted.incrementAndGet();
            } else if (status == 0) {
                unanswered.incrementAndGet();
            } else {
                refused.incrementAndGet();
            }
            inFlight.decrementAndGet();
            return null;
        });
    }

    /** Posts the reply again later (a new attempt, the same token); false once the driver stopped. */
    private boolean retryLater(Writer writer, long ticketId, long number, String text, int attempt) {
        try {
            timer.schedule(() -> post(writer, ticketId, number, text, attempt), 1L << (attempt - 1), TimeUnit.SECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static JsonNode items(String body) {
        return parse(body).path("items");
    }

    /** The answer's JSON, or a missing node when it is not JSON (a proxy's page, a cut answer). */
    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.missingNode();
        }
    }

    private HttpRequest.Builder agent(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + StackSettings.AGENT_API_TOKEN)
                .header("Accept", "application/json");
    }

    private String ticketUrl() {
        return ticketUrls.get(Math.floorMod(nextTicketUrl.getAndIncrement(), ticketUrls.size()));
    }

    private String filler() {
        String[] words = {"thanks", "for", "writing", "we", "are", "on", "it", "your", "order", "ships", "today"};
        StringBuilder text = new StringBuilder("Hello,");
        for (int i = 0, n = 3 + random.nextInt(8); i < n; i++) {
            text.append(' ').append(words[random.nextInt(words.length)]);
        }
        return text.append('.').toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A customer who wrote: where, as whom (the journal's id and the platform's waId), when (answered 200). */
    record Writer(String channelId, String customer, String waId, long wroteAt) {
    }

    /** The customers by their last message, for a random pick among those in the window (thread-safe). */
    static final class Recent {
        private final List<Writer> writers = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        synchronized void put(Writer writer) {
            Integer at = index.get(writer.customer());
            if (at == null) {
                index.put(writer.customer(), writers.size());
                writers.add(writer);
            } else {
                writers.set(at, writer);
            }
        }

        /** A random writer who wrote between the two times; those too old are forgotten on the way. */
        synchronized Writer pick(Random random, long notBefore, long notAfter) {
            for (int tries = 0; tries < 8 && !writers.isEmpty(); tries++) {
                int at = random.nextInt(writers.size());
                Writer writer = writers.get(at);
                if (writer.wroteAt() < notBefore) {
                    remove(at);
                } else if (writer.wroteAt() <= notAfter) {
                    return writer;
                }
            }
            return null;
        }

        synchronized int size() {
            return writers.size();
        }

        private void remove(int at) {
            index.remove(writers.get(at).customer());
            Writer last = writers.remove(writers.size() - 1);
            if (at < writers.size()) {
                writers.set(at, last);
                index.put(last.customer(), at);
            }
        }
    }
}
