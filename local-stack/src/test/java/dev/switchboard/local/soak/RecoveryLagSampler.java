package dev.switchboard.local.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.switchboard.local.KafkaState;

/**
 * Samples every service's consumer lag every few seconds while the soak runs, for the "backlog gone" recovery time
 * ({@link RecoveryTimes#backlogGone}). A sample that cannot be taken (the broker is down) is skipped. Start it before
 * the load, pass it to {@link Counts#count(SoakSettings, SoakStack, Journal, Driver.Summary, FuzzSample.Result,
 * RecoveryLagSampler, java.io.PrintStream)}; the count stops it.
 */
public final class RecoveryLagSampler implements AutoCloseable {

    static final List<String> SERVICES = List.of("ingress-service", "ticket-service", "media-service",
            "outbound-service", "reminder-service");

    private final KafkaState kafka;
    private final List<RecoveryTimes.LagSample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "soak-lag-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private RecoveryLagSampler(String bootstrapServers) {
        this.kafka = new KafkaState(bootstrapServers);
    }

    public static RecoveryLagSampler start(SoakStack stack, Duration every) {
        RecoveryLagSampler sampler = new RecoveryLagSampler(stack.kafkaBootstrapServers());
        sampler.timer.scheduleWithFixedDelay(sampler::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** Every service's groups and their lag now. */
    static Map<String, Long> lagNow(KafkaState kafka) {
        Map<String, Long> lag = new TreeMap<>();
        for (String service : SERVICES) {
            for (String group : kafka.groupsOf(service)) {
                lag.put(group, kafka.lag(group));
            }
        }
        return lag;
    }

    private void sample() {
        long at = System.currentTimeMillis();
        try {
            Map<String, Long> lag = lagNow(kafka);
            synchronized (samples) {
                samples.add(new RecoveryTimes.LagSample(at, lag));
            }
        } catch (RuntimeException e) {
            // the broker is being restarted: no sample this time
        }
    }

    public List<RecoveryTimes.LagSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(70, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kafka.close();
    }
}
