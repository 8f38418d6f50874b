package dev.switchboard.ingress.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The load generator: Reactor Netty's non-blocking HTTP/1.1 client over keep-alive connections, latencies in an
 * HdrHistogram (microseconds).
 *
 * <ul>
 *   <li>closed loop: {@code concurrency} requests in flight, each answered one followed at once by the next; gives
 *       the maximum throughput, and the latency at that load (queueing included);</li>
 *   <li>open loop: requests started on a fixed schedule whatever the answers, latency measured from each
 *       request's <em>intended</em> start, so a stall of the service (or of this generator) shows in the figures
 *       instead of silently delaying the next requests (no coordinated omission).</li>
 * </ul>
 */
final class HttpLoad implements AutoCloseable {

    static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);

    /** One kind of request; {@code next()} is called concurrently. */
    interface Source {
        Item next();
    }

    /** A signed webhook to POST, and what the service should publish for it (for the loss check). */
    record Item(String path, byte[] body, String signature, int messages, int statuses) {
    }

    /** Round-robin over a fixed list. */
    static Source cycle(List<Item> items) {
        AtomicLong index = new AtomicLong();
        return () -> items.get((int) (index.getAndIncrement() % items.size()));
    }

    /** What one run measured. */
    record Result(String name, double seconds, long ok, Map<String, Long> failures, Histogram latency,
                  long messages, long statuses) {

        double rate() {
            return (ok + failed()) / seconds;
        }

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        double ms(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxMs() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
        }
    }

    private final LoopResources loops;
    private final ConnectionProvider connections;
    private final HttpClient client;

    HttpLoad(String baseUrl, int threads, int maxConnections) {
        this.loops = LoopResources.create("bench-client", threads, true);
        this.connections = ConnectionProvider.builder("bench")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofSeconds(120))
                .maxIdleTime(Duration.ofMinutes(10))
                .build();
        this.client = HttpClient.create(connections)
                .runOn(loops)
                .baseUrl(baseUrl)
                .responseTimeout(Duration.ofSeconds(60));
    }

    /** POSTs one signed webhook and answers the status code (or fails). */
    Mono<Integer> send(Item item) {
        return client.post().uri(item.path())
                .send((request, out) -> {
                    request.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                            .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(item.body().length))
                            .header("X-Hub-Signature-256", item.signature())
                            .header(HttpHeaderNames.USER_AGENT, "facebookexternalua");
                    return out.send(Mono.just(Unpooled.wrappedBuffer(item.body())));
                })
                .responseSingle((response, content) -> content.asByteArray().then(Mono.just(response.status().code())));
    }

    /** {@code concurrency} requests in flight for {@code duration}; in-flight ones are waited for at the end. */
    Result closedLoop(String name, Source source, int concurrency, Duration duration) throws InterruptedException {
        Run run = new Run(name);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            next(run, source, deadline, done);
        }
        if (!done.await(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + ": requests still in flight 120 s after the end");
        }
        return run.result(System.nanoTime() - start);
    }

    private void next(Run run, Source source, long deadline, CountDownLatch done) {
        long began = System.nanoTime();
        if (began >= deadline) {
            done.countDown();
            return;
        }
        Item item = source.next();
        send(item).defaultIfEmpty(-1).subscribe(
                status -> {
                    run.record(item, status, began);
                    next(run, source, deadline, done);
                },
                error -> {
                    run.error(error, began);
                    next(run, source, deadline, done);
                });
    }

    /**
     * {@code rate} requests a second for {@code duration}, on schedule whatever the answers; latency from the
     * intended start. Waits for the last answers before returning.
     */
    Result openLoop(String name, Source source, double rate, Duration duration) throws InterruptedException {
        Run run = new Run(name);
        long total = Math.round(rate * duration.toNanos() / 1e9);
        double period = 1e9 / rate;
        LongAdder outstanding = new LongAdder();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (long i = 0; i < total; i++) {
            long intended = start + Math.round(i * period);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Item item = source.next();
            outstanding.increment();
            send(item).defaultIfEmpty(-1).subscribe(
                    status -> {
                        run.record(item, status, intended);
                        outstanding.decrement();
                    },
                    error -> {
                        run.error(error, intended);
                        outstanding.decrement();
                    });
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (outstanding.sum() > 0) {
            if (System.nanoTime() > waitUntil) {
                throw new IllegalStateException(name + ": " + outstanding.sum() + " requests unanswered 120 s after the end");
            }
            Thread.sleep(5);
        }
        return run.result(System.nanoTime() - start);
    }

    @Override
    public void close() {
        connections.disposeLater().block(Duration.ofSeconds(10));
        loops.disposeLater().block(Duration.ofSeconds(10));
    }

    /** The counters of one run; written from the client's event loops. */
    private static final class Run {
        final String name;
        final Recorder latency = new Recorder(HIGHEST_MICROS, 3);
        final LongAdder ok = new LongAdder();
        final LongAdder messages = new LongAdder();
        final LongAdder statuses = new LongAdder();
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

        Run(String name) {
            this.name = name;
        }

        void record(Item item, int status, long began) {
            latency.recordValue(micros(began));
            if (status == 200) {
                ok.increment();
                messages.add(item.messages());
                statuses.add(item.statuses());
            } else {
                failures.computeIfAbsent("HTTP " + status, k -> new LongAdder()).increment();
            }
        }

        void error(Throwable error, long began) {
            latency.recordValue(micros(began));
            failures.computeIfAbsent(error.getClass().getSimpleName(), k -> new LongAdder()).increment();
        }

        private static long micros(long began) {
            return Math.min(HIGHEST_MICROS, Math.max(1, (System.nanoTime() - began) / 1000));
        }

        Result result(long nanos) {
            Map<String, Long> failed = new TreeMap<>();
            failures.forEach((k, v) -> failed.put(k, v.sum()));
            return new Result(name, nanos / 1e9, ok.sum(), failed, latency.getIntervalHistogram(), messages.sum(),
                    statuses.sum());
        }
    }
}
