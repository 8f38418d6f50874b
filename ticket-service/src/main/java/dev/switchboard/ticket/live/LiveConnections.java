package dev.switchboard.ticket.live;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.switchboard.ticket.access.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The open event streams of this replica and what each may see. {@link #publish} hands a message to every stream
 * whose caller {@link Caller#canSee can see} its group; each stream has its own queue, written by one task at a time
 * on a pool of its own, so a slow client delays only itself (one that falls {@code maxQueued} behind is closed).
 * Every stream gets a heartbeat comment; a stream that cannot be written is closed and forgotten.
 */
@Component
public class LiveConnections implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveConnections.class);
    private static final Object HEARTBEAT = new Object();

    /** Where a stream's messages go (an {@code SseEmitter} in production). Called by one thread at a time. */
    public interface Sink {

        void send(LiveMessage message) throws IOException;

        void heartbeat() throws IOException;

        /** Ends the stream (the client reconnects). */
        void close();
    }

    /** One open stream. */
    public static final class Connection {
        private final Caller caller;
        private final Sink sink;
        private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile boolean closing;

        private Connection(Caller caller, Sink sink) {
            this.caller = caller;
            this.sink = sink;
        }

        public Caller caller() {
            return caller;
        }
    }

    private final LiveSettings settings;
    private final Executor senders;
    private final Clock clock;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Counter ticketEvents;
    private final Counter windowEvents;
    private final Timer delay;
    private ScheduledExecutorService heartbeats;
    private volatile boolean running;

    @Autowired
    public LiveConnections(LiveSettings settings, MeterRegistry registry, Clock clock) {
        this(settings, registry, clock, senderPool(settings.maxConnections()));
    }

    /** With the executor the streams are written on ({@code Runnable::run} in tests: on the publishing thread). */
    public LiveConnections(LiveSettings settings, MeterRegistry registry, Clock clock, Executor senders) {
        this.settings = settings;
        this.senders = senders;
        this.clock = clock;
        Gauge.builder("switchboard.console.live.connections", connections, Set::size)
                .description("Open event streams (GET /api/events) of this replica").register(registry);
        this.ticketEvents = events(registry, "ticket");
        this.windowEvents = events(registry, "window");
        this.delay = Timer.builder("switchboard.console.live.delay")
                .description("From when an event occurred to when it was written to a stream")
                .publishPercentileHistogram()
                .register(registry);
    }

    private static Counter events(MeterRegistry registry, String event) {
        return Counter.builder("switchboard.console.live.events").tag("event", event)
                .description("Events written to event streams (one per stream)").register(registry);
    }

    /** Threads that write streams: at most one per stream (a stuck client holds only its own). */
    private static ExecutorService senderPool(int maxConnections) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, maxConnections + 1, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread thread = new Thread(r, "live-send-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A new stream for {@code caller}; empty when this replica has {@code maxConnections} open already. */
    public Optional<Connection> open(Caller caller, Sink sink) {
        synchronized (connections) {
            if (connections.size() >= settings.maxConnections()) {
                log.warn("live updates: refused a stream for {}: {} streams open already", caller.login(),
                        connections.size());
                return Optional.empty();
            }
            Connection connection = new Connection(caller, sink);
            connections.add(connection);
            return Optional.of(connection);
        }
    }

    /** Forgets the stream (it ended: the client left, or the server completed it). */
    public void forget(Connection connection) {
        connection.closing = true;
        connections.remove(connection);
    }

    public int size() {
        return connections.size();
    }

    /** To every stream whose caller may see the message's group. */
    public void publish(LiveMessage message) {
        for (Connection connection : connections) {
            if (connection.caller.canSee(message.group())) {
                enqueue(connection, message);
            }
        }
    }

    /** A comment line to every stream. */
    public void heartbeat() {
        connections.forEach(connection -> enqueue(connection, HEARTBEAT));
    }

    private void enqueue(Connection connection, Object item) {
        if (connection.closing) {
            return;
        }
        if (connection.queued.incrementAndGet() > settings.maxQueued()) {
            log.warn("live updates: the stream of {} is {} events behind: closing it", connection.caller.login(),
                    settings.maxQueued());
            connection.closing = true;
        } else {
            connection.queue.add(item);
        }
        if (connection.draining.compareAndSet(false, true)) {
            senders.execute(() -> drain(connection));
        }
    }

    /** Writes the stream's queue; one drain per stream at a time ({@code draining}). */
    private void drain(Connection connection) {
        do {
            Object item;
            while (!connection.closing && (item = connection.queue.poll()) != null) {
                connection.queued.decrementAndGet();
                write(connection, item);
            }
            if (connection.closing) {
                connections.remove(connection);
                connection.queue.clear();
                connection.sink.close();
                return;
            }
            connection.draining.set(false);
        } while ((connection.closing || !connection.queue.isEmpty()) && connection.draining.compareAndSet(false, true));
    }

    private void write(Connection connection, Object item) {
        try {
            if (item == HEARTBEAT) {
                connection.sink.heartbeat();
                return;
            }
            LiveMessage message = (LiveMessage) item;
            connection.sink.send(message);
            ("window".equals(message.event()) ? windowEvents : ticketEvents).increment();
            delay.record(Duration.between(message.occurredAt(), clock.instant()));
        } catch (IOException | RuntimeException e) {
            log.debug("live updates: the stream of {} cannot be written ({}): closing it", connection.caller.login(),
                    e.toString());
            connection.closing = true;
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "live-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Before the web server's graceful shutdown (a higher phase stops first): open streams would hold it up. */
    @Override
    public synchronized void stop() {
        running = false;
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        for (Connection connection : connections) {
            forget(connection);
            connection.sink.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
