package dev.switchboard.local.soak;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load: customers writing (Meta and Twilio, single messages and batches), receipts, a probe customer, and agent
 * replies through the agent API, at {@link SoakSettings#rate()} webhooks a second, open loop; every attempt goes to
 * the {@link Journal}. Like Meta, a webhook not answered 200 is posted again (same bytes) until it is.
 *
 * <p>One thread (the pump) owns the schedule: slot {@code i} is due {@code i / rate} seconds after the start; its kind
 * comes from the mix and a message slot goes to an idle customer ({@link LoadPlan}). A webhook goes to the ingress
 * processes round robin, its retries (250 ms doubling to 5 s) to the next one, as a load balancer would when one
 * refuses the connection. At most {@link #MAX_IN_FLIGHT} requests are under way; when they are, or when every
 * customer still waits for an answer, the schedule runs late, and how late is measured (intended vs sent time) rather
 * than hidden. The probe (its own customer) writes once a second; the agent replies ({@link LoadReplies}) run at
 * {@code rate / 100} a second (at least one).
 *
 * <p>A customer's first message goes through the sandbox's customer simulator (it opens the customer's window at the
 * provider, as a real customer's message does at Meta; posted directly, the platform's sends to the customer would be
 * accepted and then fail with 131047 / 63016). The sandbox posts it to the first ingress and retries it itself when
 * that was not answered 200; the driver journals the first attempt (the sandbox's message id, the posted body's
 * SHA-256) and, when it was not 200, lets the customer write nothing more, so its messages' order stays certain.
 * Every later message is the driver's own signed body ({@link WebhookBodies}).
 */
public final class Driver {

    /**
     * What the driver achieved, for the report.
     *
     * @param webhooksOffered      webhooks posted at least once (probe and receipts included)
     * @param webhooksAnswered200  of those, answered 200 in the end
     * @param achievedRate         webhooks offered per second of load (the schedule asked for {@code rate})
     * @param replies              agent replies posted (distinct {@code reply:<seq>} tokens)
     * @param customers            customers who wrote (the probe not included)
     * @param stillUnanswered      webhooks never answered 200 by the end of {@link #stop()} ("not answered 200", not
     *                             losses)
     * @param attempts             POSTs of webhooks (retries included)
     * @param slotsBehind          slots of the schedule due but not yet sent when the load stopped
     * @param lateP50Millis        median of a webhook's first send after its intended time
     * @param lateP99Millis        99th percentile of the same
     * @param lateMaxMillis        the most late
     * @param receiptsOfSent       receipts of messages the platform sent (from outbound's results)
     * @param receiptsOfUnknownIds receipts of unknown ids (only while no sent message was known yet)
     * @param probes               probe webhooks
     * @param replyAttempts        reply POSTs (5xx answers are posted again with the same token)
     * @param repliesAccepted      replies answered 2xx
     * @param repliesUnanswered    replies whose POST got no answer (the count asks the database)
     * @param loadSeconds          from start() to the end of the offered load
     * @param firstMessagesNot200  customers' first messages (through the sandbox's simulator) whose first attempt
     *                             was not answered 200: the sandbox retries them itself, unjournaled, and the
     *                             customer writes nothing more
     */
    public record Summary(long webhooksOffered, long webhooksAnswered200, double achievedRate, long replies,
                          long customers, long stillUnanswered, long attempts, long slotsBehind, long lateP50Millis,
                          long lateP99Millis, long lateMaxMillis, long receiptsOfSent, long receiptsOfUnknownIds,
                          long probes, long replyAttempts, long repliesAccepted, long repliesUnanswered,
                          double loadSeconds, long firstMessagesNot200) {

        /** The shell's summary (the fields the count was first written against). */
        public Summary(long webhooksOffered, long webhooksAnswered200, double achievedRate, long replies,
                       long customers, long stillUnanswered) {
            this(webhooksOffered, webhooksAnswered200, achievedRate, replies, customers, stillUnanswered, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /** Requests under way at once (the client's bound); beyond it the schedule runs late. */
    static final int MAX_IN_FLIGHT = 384;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How long stop() keeps retrying what is not answered 200 yet. */
    static final Duration DRAIN_BOUND = Duration.ofMinutes(3);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);

    private final SoakSettings settings;
    private final Journal journal;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintStream console;
    private final List<String> ingressUrls;
    private final String sandboxUrl;
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final LoadPlan plan;
    private final WebhookBodies bodies;
    private final LoadReceipts receipts = new LoadReceipts();
    private final LoadReceipts.ResultsReader resultsReader;
    private final LoadReplies replies;
    private final LoadLateness lateness = new LoadLateness();
    private final LoadLateness recentLateness = new LoadLateness();
    private final Semaphore permits = new Semaphore(MAX_IN_FLIGHT);
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final Thread pump = new Thread(this::pump, "soak-driver");
    private final Thread reader;

    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong answered200 = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong awaitingRetry = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong probesSkipped = new AtomicLong();
    private final AtomicLong slotsDue = new AtomicLong();
    private final AtomicLong simulatorNot200 = new AtomicLong();
    private volatile boolean offering = true;
    private volatile long startNanos;
    private volatile long startMillis;
    private volatile long loadEndNanos;
    private volatile long drainDeadlineNanos;
    private volatile long stillUnanswered;

    public Driver(SoakSettings settings, SoakStack stack, Journal journal, PrintStream console) {
        this.settings = settings;
        this.journal = journal;
        this.console = console;
        this.ingressUrls = stack.ingressUrls();
        this.sandboxUrl = stack.sandboxUrl();
        this.httpExecutor = Executors.newFixedThreadPool(4, daemon("soak-http"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(httpExecutor).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("soak-timer"));
        this.plan = new LoadPlan(settings.rate(), settings.duration(), settings.seed());
        this.bodies = new WebhookBodies(settings.seed(), stack.twilioWebhookUrl());
        this.resultsReader = new LoadReceipts.ResultsReader(stack.kafkaBootstrapServers(), receipts);
        this.reader = new Thread(resultsReader, "soak-results-reader");
        this.reader.setDaemon(true);
        this.replies = new LoadReplies(http, stack.ticketUrls(), journal, timer, settings.window(),
                settings.seed() + 1);
    }

    /** Starts sending (returns at once). */
    public void start() {
        startNanos = System.nanoTime();
        startMillis = System.currentTimeMillis();
        reader.start();
        pump.start();
        long replyPeriodMicros = 1_000_000L / Math.max(1, settings.rate() / 100);
        timer.scheduleAtFixedRate(this::replyTick, replyPeriodMicros, replyPeriodMicros, TimeUnit.MICROSECONDS);
        console.printf("driver: %d webhooks/s to %s (%d%% Meta messages, %d%% Meta batches, %d%% Twilio, the rest "
                        + "receipts), pools of %d Meta / %d Twilio customers writing every %d s, %d webhooks each on "
                        + "average; a probe every second; %d agent replies/s%n", settings.rate(), ingressUrls,
                LoadPlan.META_MESSAGE_PERCENT, LoadPlan.META_BATCH_PERCENT, LoadPlan.TWILIO_MESSAGE_PERCENT,
                plan.poolTarget(LoadPlan.Provider.META), plan.poolTarget(LoadPlan.Provider.TWILIO),
                LoadPlan.CUSTOMER_INTERVAL.toSeconds(), plan.meanWebhooks(), Math.max(1, settings.rate() / 100));
    }

    /** Blocks for the load's duration (from start()), printing progress every 30 s. */
    public void awaitEnd(Duration duration) {
        long end = startNanos + duration.toNanos();
        long lastNanos = System.nanoTime();
        long lastOffered = offered.get();
        while (true) {
            long now = System.nanoTime();
            if (now >= end || Thread.currentThread().isInterrupted()) {
                return;
            }
            sleepNanos(Math.min(end - now, PROGRESS_EVERY.toNanos() - (now - lastNanos)));
            now = System.nanoTime();
            if (now - lastNanos >= PROGRESS_EVERY.toNanos()) {
                long offeredNow = offered.get();
                progress((offeredNow - lastOffered) / ((now - lastNanos) / 1e9));
                lastNanos = now;
                lastOffered = offeredNow;
            }
        }
    }

    /** Stops offering new load; retries what is not answered 200 yet until it is (bounded), then returns. */
    public void stop() {
        if (!offering) {
            return;
        }
        drainDeadlineNanos = System.nanoTime() + DRAIN_BOUND.toNanos();
        offering = false;
        timer.shutdown();
        replies.awaitIdle(Duration.ofSeconds(30));
        try {
            pump.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        resultsReader.stop();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpExecutor.shutdown();
        console.printf("driver: stopped; %d webhooks offered, %d answered 200, %d never answered 200 within %d s%n",
                offered.get(), answered200.get(), stillUnanswered, DRAIN_BOUND.toSeconds());
        progress(Double.NaN);
    }

    public Summary summary() {
        double loadSeconds = ((loadEndNanos == 0 ? System.nanoTime() : loadEndNanos) - startNanos) / 1e9;
        return new Summary(offered.get(), answered200.get(), offered.get() / Math.max(loadSeconds, 1e-3),
                replies.replies(), customersCreated, stillUnanswered, attempts.get(),
                Math.max(0, slotsDue.get() - slotsSent), lateness.quantile(0.50), lateness.quantile(0.99),
                lateness.max(), receiptsKnown, receiptsUnknown, probes.get(), replies.attempts.get(),
                replies.accepted.get(), replies.unanswered.get(), loadSeconds, simulatorNot200.get());
    }

    // ---------------------------------------------------------------------------------------------------- the pump

    /** One webhook: its bytes (the same on every attempt) and where its attempts stand. Owned by the pump. */
    private static final class Webhook {
        final long seq;
        final Journal.WebhookKind kind;
        final String channelId;
        final String customerId;
        final LoadPlan.Customer customer;
        final List<String> messageIds;
        final List<Long> customerSeqs;
        final WebhookBodies.Signed body;
        final String sha256;
        /** A customer's first message, through the sandbox's customer simulator (body: the simulator's request). */
        boolean simulated;
        int attempt;
        int ingress;
        long intendedAt;
        long backoffMillis;
        long dueNanos;

        Webhook(long seq, Journal.WebhookKind kind, String channelId, String customerId, LoadPlan.Customer customer,
                List<String> messageIds, List<Long> customerSeqs, WebhookBodies.Signed body, long intendedAt) {
            this.seq = seq;
            this.kind = kind;
            this.channelId = channelId;
            this.customerId = customerId;
            this.customer = customer;
            this.messageIds = List.copyOf(messageIds);
            this.customerSeqs = List.copyOf(customerSeqs);
            this.body = body;
            this.sha256 = body == null ? null : body.sha256();
            this.intendedAt = intendedAt;
            this.ingress = (int) (seq % Integer.MAX_VALUE);
        }
    }

    /** An attempt's outcome, handed from the HTTP client's threads to the pump. */
    private record Answer(Webhook webhook, int status) {
    }

    // pump-owned state (read by summary() only after stop() joined the pump)
    private final PriorityQueue<Webhook> retries = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
    private long seq;
    private long slotsSent;
    private LoadPlan.SlotKind slotKind;
    private long nextProbe;
    private LoadPlan.Customer probe;
    private long outstanding;
    private volatile long customersCreated;
    private volatile long receiptsKnown;
    private volatile long receiptsUnknown;

    private void pump() {
        probe = plan.probe();
        try {
            while (offering || outstanding > 0) {
                long now = System.nanoTime();
                if (!offering && now > drainDeadlineNanos) {
                    break;
                }
                handleAnswers();
                sendDueRetries(now);
                if (offering) {
                    sendProbe(now);
                    sendDueSlots(now);
                } else if (loadEndNanos == 0) {
                    loadEndNanos = now;
                }
                Answer answer = answers.poll(waitNanos(now), TimeUnit.NANOSECONDS);
                if (answer != null) {
                    handle(answer);
                }
            }
            if (loadEndNanos == 0) {
                loadEndNanos = System.nanoTime();
            }
            // What is still under way finishes (or times out) and is journaled before the count reads the journal.
            if (permits.tryAcquire(MAX_IN_FLIGHT, 2 * REQUEST_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                permits.release(MAX_IN_FLIGHT);
            }
            handleAnswers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            console.println("driver: the pump failed: " + e);
            e.printStackTrace(console);
            throw e;
        } finally {
            stillUnanswered = outstanding;
        }
    }

    private long waitNanos(long now) {
        long wait = TimeUnit.MILLISECONDS.toNanos(5);
        if (!retries.isEmpty()) {
            wait = Math.min(wait, retries.peek().dueNanos - now);
        }
        if (offering) {
            wait = Math.min(wait, slotNanos(slotsSent) - now);
        }
        return Math.max(wait, 100_000);
    }

    private long slotNanos(long slot) {
        return startNanos + (long) (slot * 1e9 / settings.rate());
    }

    private long wallMillis(long nanos) {
        return startMillis + TimeUnit.NANOSECONDS.toMillis(nanos - startNanos);
    }

    private void handleAnswers() {
        for (Answer answer = answers.poll(); answer != null; answer = answers.poll()) {
            handle(answer);
        }
    }

    private void handle(Answer answer) {
        Webhook webhook = answer.webhook();
        if (answer.status() == 200) {
            answered200.incrementAndGet();
            outstanding--;
            if (webhook.customer != null) {
                if (webhook.customer == probe) {
                    probe.busy = false;
                } else {
                    plan.answered(webhook.customer);
                    replies.wrote(webhook.customer, System.currentTimeMillis());
                }
            }
            return;
        }
        if (webhook.simulated) {
            // The sandbox retries it on its own: this customer writes nothing more (its order stays certain).
            outstanding--;
            simulatorNot200.incrementAndGet();
            plan.retire(webhook.customer);
            return;
        }
        webhook.backoffMillis = webhook.backoffMillis == 0 ? FIRST_BACKOFF.toMillis()
                : Math.min(MAX_BACKOFF.toMillis(), webhook.backoffMillis * 2);
        webhook.dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(webhook.backoffMillis);
        webhook.ingress++;
        awaitingRetry.incrementAndGet();
        retries.add(webhook);
    }

    private void sendDueRetries(long now) {
        while (!retries.isEmpty() && retries.peek().dueNanos <= now && permits.tryAcquire()) {
            Webhook webhook = retries.poll();
            awaitingRetry.decrementAndGet();
            webhook.intendedAt = wallMillis(webhook.dueNanos);
            send(webhook);
        }
    }

    private void sendProbe(long now) {
        long due = startNanos + nextProbe * PROBE_EVERY.toNanos();
        if (now < due) {
            return;
        }
        if (probe.busy) {
            // its last message still waits for a 200 (retried): this second's probe is skipped, not queued up
            probesSkipped.incrementAndGet();
            nextProbe++;
            return;
        }
        if (!permits.tryAcquire()) {
            return;
        }
        nextProbe++;
        probe.busy = true;
        long n = probe.nextN();
        String id = "wamid.soak." + (seq + 1) + ".0";
        WebhookBodies.Signed body = bodies.metaMessages(probe.id, probe.name,
                List.of(new WebhookBodies.Message(id, bodies.text(probe.id, n))), System.currentTimeMillis() / 1000);
        probes.incrementAndGet();
        first(new Webhook(++seq, Journal.WebhookKind.PROBE, SoakStack.META_CHANNEL, probe.id, probe, List.of(id),
                List.of(n), body, wallMillis(due)));
    }

    /** Sends every slot that is due, as far as permits and idle customers allow (a few hundred per round). */
    private void sendDueSlots(long now) {
        slotsDue.set(Math.max(slotsDue.get(), (long) ((now - startNanos) / 1e9 * settings.rate()) + 1));
        for (int sent = 0; sent < 200 && slotNanos(slotsSent) <= now; sent++) {
            if (slotKind == null) {
                slotKind = plan.nextKind();
            }
            if (!permits.tryAcquire()) {
                return;
            }
            Webhook webhook = slot(slotKind, wallMillis(slotNanos(slotsSent)), now);
            if (webhook == null) {
                permits.release();
                return;
            }
            slotKind = null;
            slotsSent++;
            first(webhook);
        }
    }

    /** The webhook for a slot, or null when no customer of its provider is idle (the slot waits). */
    private Webhook slot(LoadPlan.SlotKind kind, long intendedAt, long now) {
        long epochSecond = System.currentTimeMillis() / 1000;
        if (kind == LoadPlan.SlotKind.META_RECEIPT) {
            WebhookBodies.Status status = receipts.next();
            receiptsKnown = receipts.known();
            receiptsUnknown = receipts.unknown();
            return new Webhook(++seq, Journal.WebhookKind.META_RECEIPT, SoakStack.META_CHANNEL, status.recipientWaId(),
                    null, List.of(), List.of(), bodies.metaStatuses(List.of(status), epochSecond), intendedAt);
        }
        LoadPlan.Provider provider = kind == LoadPlan.SlotKind.TWILIO_MESSAGE
                ? LoadPlan.Provider.TWILIO : LoadPlan.Provider.META;
        LoadPlan.Customer customer = plan.take(provider, TimeUnit.NANOSECONDS.toMillis(now - startNanos));
        if (customer == null) {
            return null;
        }
        customersCreated = plan.customersCreated();
        long webhookSeq = ++seq;
        if (customer.lastN == 0) {
            long n = customer.nextN();
            Webhook first = new Webhook(webhookSeq, provider == LoadPlan.Provider.TWILIO
                    ? Journal.WebhookKind.TWILIO_MESSAGE : Journal.WebhookKind.META_MESSAGE, customer.channelId(),
                    customer.id, customer, List.of(), List.of(n), null, intendedAt);
            first.simulated = true;
            return first;
        }
        if (provider == LoadPlan.Provider.TWILIO) {
            long n = customer.nextN();
            String sid = bodies.twilioSid(webhookSeq);
            return new Webhook(webhookSeq, Journal.WebhookKind.TWILIO_MESSAGE, SoakStack.TWILIO_CHANNEL, customer.id,
                    customer, List.of(sid), List.of(n),
                    bodies.twilioMessage(customer.id, customer.name, sid, bodies.text(customer.id, n)), intendedAt);
        }
        int count = kind == LoadPlan.SlotKind.META_BATCH ? plan.batchSize() : 1;
        List<WebhookBodies.Message> messages = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Long> ns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long n = customer.nextN();
            String id = "wamid.soak." + webhookSeq + "." + i;
            messages.add(new WebhookBodies.Message(id, bodies.text(customer.id, n)));
            ids.add(id);
            ns.add(n);
        }
        return new Webhook(webhookSeq, count == 1 ? Journal.WebhookKind.META_MESSAGE : Journal.WebhookKind.META_BATCH,
                SoakStack.META_CHANNEL, customer.id, customer, ids, ns,
                bodies.metaMessages(customer.id, customer.name, messages, epochSecond), intendedAt);
    }

    private void first(Webhook webhook) {
        offered.incrementAndGet();
        outstanding++;
        long late = System.currentTimeMillis() - webhook.intendedAt;
        lateness.record(late);
        recentLateness.record(late);
        send(webhook);
    }

    /** One attempt (a permit is held); its answer comes back to the pump. */
    private void send(Webhook webhook) {
        webhook.attempt++;
        attempts.incrementAndGet();
        if (webhook.simulated) {
            sendThroughSimulator(webhook);
            return;
        }
        int attempt = webhook.attempt;
        long intendedAt = webhook.intendedAt;
        String url = ingressUrls.get(Math.floorMod(webhook.ingress, ingressUrls.size())) + webhook.body.path();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", webhook.body.contentType())
                .header(webhook.body.signatureHeader(), webhook.body.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body.bytes())).build();
        long sentAt = System.currentTimeMillis();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            int status = error == null ? response.statusCode() : 0;
            try {
                journal.webhook(new Journal.Webhook(webhook.seq, webhook.kind, webhook.channelId, webhook.customerId,
                        webhook.messageIds, webhook.customerSeqs, webhook.sha256, url, attempt, intendedAt, sentAt,
                        System.currentTimeMillis(), status));
            } finally {
                permits.release();
                answers.add(new Answer(webhook, status));
            }
        });
    }

    /**
     * A customer's first message through the sandbox's customer simulator, which opens the customer's window at the
     * provider (without it every send to the customer is accepted and then fails with 131047 / 63016) and posts the
     * signed webhook to ingress (the first one: the sandbox's webhook URL). The journal line names what the sandbox
     * posted: its message id, the body's SHA-256, the URL and ingress's answer to that first attempt.
     */
    private void sendThroughSimulator(Webhook webhook) {
        LoadPlan.Customer customer = webhook.customer;
        String text = bodies.text(customer.id, webhook.customerSeqs.get(0));
        String request = JSON.writeValueAsString(java.util.Map.of("channelId", customer.channelId(),
                "from", customer.waId(), "name", customer.name, "type", "text", "text", text));
        HttpRequest post = HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/customers/messages"))
                .timeout(REQUEST_TIMEOUT.plus(REQUEST_TIMEOUT)).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build();
        long sentAt = System.currentTimeMillis();
        long intendedAt = webhook.intendedAt;
        http.sendAsync(post, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            int status = 0;
            try {
                JsonNode sent = error == null ? parse(response.body()) : JSON.missingNode();
                status = sent.path("ingressStatus").asInt(0);
                String posted = sent.path("webhook").asString("");
                journal.webhook(new Journal.Webhook(webhook.seq, webhook.kind, webhook.channelId, webhook.customerId,
                        sent.path("messageId").isMissingNode() ? List.of() : List.of(sent.path("messageId").asString()),
                        webhook.customerSeqs, WebhookBodies.sha256(posted.getBytes(StandardCharsets.UTF_8)),
                        sent.path("url").asString(sandboxUrl + "/sandbox/customers/messages"), webhook.attempt,
                        intendedAt, sentAt, System.currentTimeMillis(), status));
            } finally {
                permits.release();
                answers.add(new Answer(webhook, status));
            }
        });
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.missingNode();
        }
    }

    private void replyTick() {
        try {
            replies.tick();
        } catch (RuntimeException e) {
            console.println("driver: a reply failed: " + e);
        }
    }

    private void progress(double recentRate) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        LoadLateness recent = recentLateness.drain();
        console.printf("driver: %4d s offered %d (%s/s), answered 200 %d, in flight %d, awaiting retry %d, "
                        + "retries %d, probes %d (skipped %d), receipts %d (+%d unknown ids), customers %d "
                        + "(first message not 200 at once: %d), "
                        + "replies %d (accepted %d, no answer %d, refused %d, skipped ticks %d), late p99 %d ms "
                        + "(max %d ms; whole run p99 %d ms)%n",
                seconds, offered.get(), Double.isNaN(recentRate) ? "-" : String.format("%.1f", recentRate),
                answered200.get(), MAX_IN_FLIGHT - permits.availablePermits(), awaitingRetry.get(),
                attempts.get() - offered.get(), probes.get(), probesSkipped.get(), receiptsKnown, receiptsUnknown,
                customersCreated, simulatorNot200.get(), replies.replies(), replies.accepted.get(), replies.unanswered.get(),
                replies.refused.get(), replies.skipped.get(), recent.quantile(0.99), recent.max(),
                lateness.quantile(0.99));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
