package dev.switchboard.bench;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The CPU of a benchmark's processes ({@link CpuMeter}) and, where there is one, the service's metrics, over a phase:
 * {@code Meter.Phase phase = meter.start(); ...; Meter.Measured m = phase.end();}.
 */
public final class Meter {

    private final Map<String, CpuMeter.Target> targets;
    private final Supplier<Map<String, Double>> metrics;

    /**
     * {@code targets}: read at each snapshot, so processes can be added as they start. {@code metrics}: a scrape of
     * the service's metrics ({@code () -> Processes.prometheus(port)}), or {@code Map::of}.
     */
    public Meter(Map<String, CpuMeter.Target> targets, Supplier<Map<String, Double>> metrics) {
        this.targets = targets;
        this.metrics = metrics;
    }

    public Phase start() {
        return new Phase(CpuMeter.snapshot(targets), metrics.get());
    }

    /** A phase under way. */
    public final class Phase {
        private final CpuMeter.Snapshot cpu;
        private final Map<String, Double> metricsBefore;

        private Phase(CpuMeter.Snapshot cpu, Map<String, Double> metricsBefore) {
            this.cpu = cpu;
            this.metricsBefore = metricsBefore;
        }

        public Measured end() {
            CpuMeter.Snapshot after = CpuMeter.snapshot(targets);
            return new Measured(CpuMeter.between(cpu, after), metricsBefore, metrics.get());
        }
    }

    /** What a phase used, and the metrics at its start and end. */
    public record Measured(CpuMeter.Usage usage, Map<String, Double> metricsBefore, Map<String, Double> metricsAfter) {

        /** How much the metric grew over the phase ({@link BenchRun#delta}). */
        public double delta(String name) {
            return BenchRun.delta(metricsBefore, metricsAfter, name);
        }
    }
}
