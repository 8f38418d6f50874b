package dev.switchboard.outbound.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.events.FailureKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.ProviderError;
import dev.switchboard.outbound.channel.ChannelState;
import dev.switchboard.outbound.channel.LiveChannels;
import dev.switchboard.outbound.channel.OutboundChannels.Channel;
import dev.switchboard.outbound.pacing.NumberPause;
import dev.switchboard.outbound.pacing.Pace;
import dev.switchboard.outbound.pacing.TierGate;
import dev.switchboard.outbound.outcome.Backoff;
import dev.switchboard.outbound.outcome.OutcomePolicy;
import dev.switchboard.outbound.outcome.Results;
import dev.switchboard.outbound.queue.SendQueue;
import dev.switchboard.outbound.queue.SendQueue.Queued;
import dev.switchboard.outbound.queue.TierContacts;
import dev.switchboard.outbound.sending.SendOutcome;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Topics;

/**
 * Sends one channel's queue, in the one replica that owns the channel's partition of the requests topic and holds
 * the channel's lease ({@link ChannelLease}), so its throughput limit holds for the whole deployment. A single thread
 * picks what may go (each recipient's oldest request; conversation traffic first), asks the tier ({@link TierGate}),
 * waits for the number's pace and pause, and hands the send to the provider client. Answers come back on the
 * client's threads, which judge them ({@link OutcomePolicy}) and hand the write over ({@link OutcomeRecorder}): the
 * recipient stays busy until it is committed.
 *
 * <p>Each of the channel's numbers has its own pace (its own throughput: a THROUGHPUT_UPGRADE of one number raises only
 * its pace), and a number in maintenance (131057) sends nothing until its pause ends: its requests are postponed
 * without counting an attempt.
 *
 * <p>The channel is looked up before every send ({@link LiveChannels}), so a change on the channels topic applies to
 * the next send: new credentials or numbers; a new throughput ({@link Pace#changedTo}, no burst) or tier; disabled
 * ({@link ChannelState.Held}): nothing is claimed until it is enabled again, the requests stay queued in their order;
 * unavailable (its secret does not open): its due requests fail as channel_unavailable.
 */
final class ChannelDispatcher implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ChannelDispatcher.class);
    private static final int MAX_BATCH = 200;
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Completions completions;
    private final String channelId;
    private final Supplier<Optional<ChannelState>> channels;
    private final SendQueue queue;
    private final javax.sql.DataSource dataSource;
    private final ProviderClients clients;
    private final OutboundSettings settings;
    private final OutcomePolicy outcomes;
    private final TierContacts tierContacts;
    private final DispatchMetrics metrics;
    private final Clock clock;
    /** The channel's tier, pace and batch, as its latest state says (the dispatcher's thread changes them). */
    private TierGate tierGate;
    /** Each number's pace (the dispatcher's thread only). */
    private Map<String, Pace> paces = Map.of();
    /** Each number's messages per second, as its pace was last set. */
    private volatile Map<String, Integer> numberRates = Map.of();
    /** Until when a number answered 131057 (in maintenance) sends nothing; written on the HTTP client's threads. */
    private final Map<String, Instant> maintenance = new ConcurrentHashMap<>();
    /**
     * Requests read at a time: about 200 ms of sends, so that a request whose retry falls due waits at most that long
     * behind the ones read before it (a batch of 200 would last 4 s at 50/s).
     */
    private int batch = 10;
    /** What the dispatcher paces with now, for operators and tests. */
    private volatile Dispatchers.Pacing pacing;
    private final Semaphore inFlight;
    /** Recipients with a send in flight: their next request waits, so their messages arrive in order. */
    private final Set<String> busyRecipients = ConcurrentHashMap.newKeySet();
    /**
     * Requests whose answer was recorded since the current batch was read: the batch still shows them queued. An id
     * is added after its record commits and before its recipient stops being busy, and the set is replaced before
     * each batch is read, so every request of a batch is either in it, busy, or not yet sent. (This replaced a
     * query per send, which took a third of the dispatcher's time at 1,000/s.)
     */
    private volatile Set<String> answeredSinceBatch = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final EventDeserializer deserializer = new EventDeserializer();
    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
    private volatile boolean running = true;
    /** When stop() was called plus the grace ({@link System#nanoTime()}): outcomes not yet recorded are given up then. */
    private volatile long givesUpAt = Long.MAX_VALUE;
    private volatile boolean woken;
    /** After 130429 (the number's throughput) the whole channel pauses briefly. */
    private final NumberPause numberPause;

    /** @param channels the channel as it is now (looked up before every send) */
    ChannelDispatcher(String channelId, Supplier<Optional<ChannelState>> channels, SendQueue queue,
                      TierContacts tierContacts, javax.sql.DataSource dataSource,
                      ProviderClients clients, OutboundSettings settings,
                      DispatchMetrics metrics, Clock clock, Completions completions) {
        this.completions = completions;
        this.channelId = channelId;
        this.channels = channels;
        this.queue = queue;
        this.dataSource = dataSource;
        this.clients = clients;
        this.settings = settings;
        this.tierContacts = tierContacts;
        this.outcomes = new OutcomePolicy(settings.maxAttempts(),
                new Backoff(settings.initialBackoff(), settings.recipientBackoff(), settings.maxBackoff()),
                settings.maintenancePause(), settings.maintenanceMaxWait());
        this.metrics = metrics;
        this.clock = clock;
        this.numberPause = new NumberPause(settings.throughputPause(), settings.throughputPauseMax());
        this.inFlight = new Semaphore(settings.maxInFlight());
    }

    @Override
    public void run() {
        while (running) {
            try (ChannelLease lease = ChannelLease.acquire(dataSource, channelId, () -> running)) {
                if (lease == null) {
                    return;
                }
                log.info("dispatching channel {}", channelId);
                try {
                    while (running && lease.held()) {
                        ChannelState state = channels.get().orElse(null);
                        if (state instanceof ChannelState.Sending sending) {
                            follow(sending);
                            if (dispatchReady() == 0) {
                                sleepUntilDueOrWoken();
                            }
                        } else if (state instanceof ChannelState.Unavailable unavailable) {
                            if (failUnavailable(unavailable.reason()) == 0) {
                                sleepUntilDueOrWoken();
                            }
                        } else {
                            // Held (disabled), or no longer known: claim nothing; a change of the channel wakes us.
                            sleepUntilWoken(IDLE_POLL);
                        }
                    }
                } finally {
                    // The lease is let go only once every send in flight is recorded: otherwise the next holder
                    // would see those requests still queued and send them again.
                    awaitInFlight(STOP_GRACE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.sql.SQLException | RuntimeException e) {
                log.warn("dispatcher of channel {} failed, retrying in 1s: {}", channelId, e.toString());
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** Stops picking new work; the thread ends once its sends in flight are recorded (join it). */
    void stop() {
        givesUpAt = System.nanoTime() + STOP_GRACE.toNanos();
        running = false;
        wakeUp();
    }

    private void awaitInFlight(Duration grace) {
        try {
            if (inFlight.tryAcquire(settings.maxInFlight(), grace.toMillis(), TimeUnit.MILLISECONDS)) {
                inFlight.release(settings.maxInFlight());
            } else {
                log.warn("channel {}: sends still in flight after {}", channelId, grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void wakeUp() {
        lock.lock();
        try {
            woken = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The paces, tier and batch of the channel as it is now; unchanged settings keep their state (a pace's slots), a
     * number's changed throughput goes on from its old pace's next slot.
     */
    private void follow(ChannelState.Sending sending) {
        Channel channel = sending.channel();
        Dispatchers.Pacing now = new Dispatchers.Pacing(channel.throughput(), channel.tier());
        Map<String, Integer> rates = new LinkedHashMap<>();
        channel.numbers().forEach(number -> rates.put(number, sending.throughputOf(number)));
        if (now.equals(pacing) && rates.equals(numberRates)) {
            return;
        }
        Map<String, Pace> next = new HashMap<>();
        rates.forEach((number, rate) -> {
            Pace old = paces.get(number);
            next.put(number, old == null ? new Pace(rate) : old.limitPerSecond() == rate ? old : old.changedTo(rate));
        });
        paces = next;
        if (tierGate == null || tierGate.limit() != channel.tierLimit()) {
            tierGate = new TierGate(channel.tierLimit(), settings.quotaMaxWait());
        }
        int total = rates.values().stream().mapToInt(Integer::intValue).sum();
        batch = Math.max(10, Math.min(MAX_BATCH, total / 5));
        pacing = now;
        numberRates = Map.copyOf(rates);
        log.info("channel {}: messages/s per number {}, tier {}", channelId, rates, channel.tier());
    }

    /** What the dispatcher paces with now; null before it first saw its channel able to send. */
    Dispatchers.Pacing pacing() {
        return pacing;
    }

    /** Each number's messages per second as the dispatcher paces it now (empty before it first saw its channel). */
    Map<String, Integer> numberPacing() {
        return numberRates;
    }

    /** The pace of the number a request goes from (one of the channel's; another one gets a pace of its own). */
    private Pace paceOf(String number, Channel channel) {
        Pace pace = paces.get(number);
        if (pace == null) {
            pace = new Pace(channel.throughput());
            Map<String, Pace> more = new HashMap<>(paces);
            more.put(number, pace);
            paces = more;
        }
        return pace;
    }

    /** Whether the number is in maintenance (answered 131057) at {@code now}; until when, if so. */
    private Optional<Instant> inMaintenance(String number, Instant now) {
        Instant until = maintenance.get(number);
        return until != null && now.isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    private int dispatchReady() throws InterruptedException {
        Instant now = clock.instant();
        if (now.isBefore(numberPause.until())) {
            return 0;
        }
        Set<String> answered = ConcurrentHashMap.newKeySet();
        answeredSinceBatch = answered;
        List<Queued> ready = queue.ready(channelId, now, batch);
        int started = 0;
        for (Queued item : ready) {
            if (!running || clock.instant().isBefore(numberPause.until())) {
                break;
            }
            // The list is a snapshot: a request it shows as queued may be in flight, or sent and recorded since
            // (done, or waiting for a retry).
            if (busyRecipients.contains(item.recipientId()) || answered.contains(item.requestId())) {
                continue;
            }
            // Each send with the channel as it is now: disabled meanwhile, it claims nothing more.
            if (!(channels.get().orElse(null) instanceof ChannelState.Sending sending)) {
                break;
            }
            follow(sending);
            if (start(item, sending.channel())) {
                started++;
            }
        }
        return started;
    }

    /**
     * The channel cannot send (its secret does not open here): its due requests fail as channel_unavailable, as they
     * would if the provider refused its credentials. Returns how many.
     */
    private int failUnavailable(String reason) {
        metrics.channelUnhealthy(channelId, reason);
        Instant now = clock.instant();
        int failed = 0;
        for (Queued item : queue.ready(channelId, now, MAX_BATCH)) {
            if (!running) {
                break;
            }
            if (busyRecipients.contains(item.recipientId())) {
                continue;
            }
            OutboundRequest request = (OutboundRequest) deserializer.deserialize(Topics.OUTBOUND_REQUESTS.name(),
                    item.request());
            finish(item.requestId(), Results.failed(request, FailureKind.CHANNEL_UNAVAILABLE,
                    Results.error(0, "channel_unavailable", reason), item.attempts(), now)).join();
            failed++;
        }
        return failed;
    }

    /** Starts one send unless it must fail or wait; true if something happened to the item. */
    private boolean start(Queued item, Channel channel) throws InterruptedException {
        OutboundRequest request = (OutboundRequest) deserializer.deserialize(Topics.OUTBOUND_REQUESTS.name(), item.request());
        Instant now = clock.instant();
        if (request.getNotAfter() != null && now.isAfter(request.getNotAfter())) {
            finish(item.requestId(), Results.expired(request, item.attempts(), now)).join();
            return true;
        }
        String sender = channel.senderFor(request.getBusinessNumberId());
        Optional<Instant> maintained = inMaintenance(sender, now);
        if (maintained.isPresent()) {
            queue.postpone(item.requestId(), maintained.get(), "number " + sender + " in maintenance (131057) until "
                    + maintained.get());
            return true;
        }
        Instant reservedTierContact = null;
        if (item.businessInitiated() && !tierGate.unlimited()) {
            TierGate.Verdict verdict = tierGate.decide(
                    tierContacts.window(channelId, item.recipientId(), TierGate.windowStart(now)), now, item.deadline());
            if (verdict instanceof TierGate.Fail fail) {
                finish(item.requestId(), Results.quotaExhausted(request, channel.tier(), fail.until(), item.attempts(),
                        now)).join();
                return true;
            }
            if (verdict instanceof TierGate.Wait wait) {
                metrics.quotaWait(channelId);
                queue.postpone(item.requestId(), wait.until(), "waiting for tier capacity");
                return true;
            }
            reservedTierContact = ((TierGate.Go) verdict).reserve();
            if (reservedTierContact != null) {
                tierContacts.recordTierContact(channelId, item.recipientId(), reservedTierContact);
            }
        }
        metrics.rateWait(channelId, paceOf(sender, channel).acquire());
        inFlight.acquire();
        if (!running || clock.instant().isBefore(numberPause.until())
                || inMaintenance(sender, clock.instant()).isPresent()) {
            // Stopped while waiting (the channel may already be another replica's), or a 130429 or 131057 came in
            // meanwhile: leave the request queued, and the tier contact reserved for it free.
            inFlight.release();
            if (reservedTierContact != null) {
                tierContacts.forgetTierContact(channelId, item.recipientId(), reservedTierContact);
            }
            return false;
        }
        busyRecipients.add(item.recipientId());
        int attempt = item.attempts() + 1;
        Instant releaseTierOnFailure = reservedTierContact;
        metrics.attempt(channelId);
        Instant sentAt = clock.instant();
        clients.forChannel(channel).send(channel, request).whenComplete((outcome, error) -> {
            Runnable settled = () -> {
                answeredSinceBatch.add(item.requestId());
                busyRecipients.remove(item.recipientId());
                inFlight.release();
                wakeUp();
            };
            Supplier<CompletableFuture<?>> write;
            try {
                SendOutcome answer = outcome != null ? outcome : new SendOutcome.Unreachable(String.valueOf(error), null);
                write = answered(item, request, sender, attempt, sentAt, answer, releaseTierOnFailure);
            } catch (RuntimeException e) {
                log.error("could not record the outcome of request {}: {}", item.requestId(), e.toString());
                settled.run();
                return;
            }
            // Not on this thread's time: the HTTP client's threads only hand the outcome over.
            OutcomeRecorder.record(item.requestId(), write, this::keepsRecording, settled);
        });
        return true;
    }

    private boolean keepsRecording() {
        return running || System.nanoTime() < givesUpAt;
    }

    /**
     * What the answer means, counted once (metrics, the number's pause); returns the database write it needs, which
     * may be tried more than once.
     */
    private Supplier<CompletableFuture<?>> answered(Queued item, OutboundRequest request, String sender, int attempt,
                                                    Instant sentAt, SendOutcome answer, Instant releaseTier) {
        Instant now = clock.instant();
        OutcomePolicy.Judgement judgement = outcomes.judge(request, attempt, item.maintenanceSince(), answer, now);
        ProviderError error = judgement.error();
        metrics.outcome(channelId, judgement.verdict(), error);
        switch (judgement.verdict()) {
            case ACCEPTED -> numberPause.accepted(sentAt);
            case RETRY_THROUGHPUT -> {
                // The number stops briefly; the request waits for its own backoff, which may be longer.
                Instant before = numberPause.until();
                Instant until = numberPause.throttled(sentAt, now, answer.retryAfter());
                if (until.isAfter(before)) {
                    metrics.numberPaused(channelId, "throughput");
                    log.debug("channel {}: 130429, paused until {} ({} in a row)", channelId, until, numberPause.inARow());
                }
            }
            case RETRY_MAINTENANCE -> {
                // The number (its account in maintenance, e.g. its throughput being upgraded) stops for the pause.
                Instant end = now.plus(settings.maintenancePause());
                Instant before = maintenance.get(sender);
                if (before == null || end.isAfter(before)) {
                    maintenance.merge(sender, end, (a, b) -> a.isAfter(b) ? a : b);
                    metrics.numberPaused(channelId, "maintenance");
                    log.info("channel {}: number {} in maintenance (131057), paused until {}", channelId, sender, end);
                }
            }
            case CHANNEL_AUTH -> metrics.channelUnhealthy(channelId, OutcomePolicy.describe(error));
            default -> {
            }
        }
        if (judgement.next() instanceof OutcomePolicy.RetryLater retry) {
            metrics.retry(channelId, error);
            log.debug("request {} to {}: {} ({}), attempt {} of {}, next at {}", item.requestId(), item.recipientId(),
                    judgement.verdict(), retry.lastError(), attempt, settings.maxAttempts(), retry.notBefore());
            return () -> {
                queue.retryLater(item.requestId(), retry.attempts(), retry.notBefore(), retry.lastError());
                return CompletableFuture.completedFuture(null);
            };
        }
        if (judgement.next() instanceof OutcomePolicy.MaintenanceWait wait) {
            metrics.retry(channelId, error);
            log.debug("request {} to {}: 131057, waiting since {}, next at {} (attempts not counted)", item.requestId(),
                    item.recipientId(), wait.since(), wait.notBefore());
            return () -> {
                queue.maintenanceWait(item.requestId(), wait.notBefore(), wait.since(), wait.lastError());
                return CompletableFuture.completedFuture(null);
            };
        }
        OutcomePolicy.Finish finish = (OutcomePolicy.Finish) judgement.next();
        return () -> {
            // A failed send did not reach the customer, so a tier contact reserved for it is given back.
            if (!finish.reachedCustomer() && releaseTier != null) {
                tierContacts.forgetTierContact(channelId, item.recipientId(), releaseTier);
            }
            return finish(item.requestId(), finish.result());
        };
    }

    /** Done, with its one result; the result relay puts it on Kafka. Completes once committed. */
    private CompletableFuture<Void> finish(String requestId, OutboundResult result) {
        byte[] bytes = serializer.serialize(Topics.OUTBOUND_RESULTS.name(), result);
        return completions.complete(requestId, result.getAttempts(), bytes, result.getCompletedAt())
                .thenRun(() -> metrics.done(channelId, result));
    }

    private void sleepUntilDueOrWoken() throws InterruptedException {
        Instant now = clock.instant();
        Instant next = queue.nextDue(channelId).orElse(now.plus(IDLE_POLL));
        Instant pausedUntil = numberPause.until();
        if (next.isBefore(pausedUntil)) {
            next = pausedUntil;
        }
        Duration wait = Duration.between(now, next);
        if (wait.compareTo(IDLE_POLL) > 0) {
            wait = IDLE_POLL;
        }
        if (wait.isNegative() || wait.isZero()) {
            // Due work, but every due recipient is busy: wait for an answer.
            wait = Duration.ofMillis(20);
        }
        sleepUntilWoken(wait);
    }

    /** Waits until woken (a change of the channel, new requests), at most {@code max}. */
    private void sleepUntilWoken(Duration max) throws InterruptedException {
        lock.lock();
        try {
            if (!woken) {
                wake.await(max.toMillis(), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } finally {
            lock.unlock();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
