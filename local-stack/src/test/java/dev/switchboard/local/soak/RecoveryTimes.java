package dev.switchboard.local.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How long the platform took to come back after each fault, plain Java from the {@link Journal}, the lag samples
 * taken during the run ({@link RecoveryLagSampler}) and the probe customer's storage latencies. -1: never (or not
 * measurable: no samples, no probes).
 */
public final class RecoveryTimes {

    /** The lag before a fault is the highest seen in this long before it. */
    static final long LAG_BEFORE_MILLIS = 30_000;
    /** The probe's usual latency is its p99 over this long before the fault. */
    static final long PROBE_BEFORE_MILLIS = 60_000;
    /** Probes in a row within the usual latency that say the platform is back. */
    static final int PROBES_IN_A_ROW = 5;

    /** Consumer lag per group at one moment. */
    public record LagSample(long at, Map<String, Long> lagByGroup) {
    }

    /**
     * One probe message: when it was first posted and when its article was stored (-1: never).
     */
    public record Probe(long sentAt, long storedAt) {
        long latency() {
            return storedAt < 0 ? Long.MAX_VALUE : storedAt - sentAt;
        }
    }

    private RecoveryTimes() {
    }

    public static List<Report.Recovery> of(List<Journal.Fault> faults, List<Journal.Webhook> webhooks,
                                           List<String> ingressUrls, List<LagSample> lags, List<Probe> probes) {
        List<Journal.Fault> ordered = faults.stream().sorted(Comparator.comparingLong(Journal.Fault::startedAt)).toList();
        List<Probe> sortedProbes = probes.stream().sorted(Comparator.comparingLong(Probe::sentAt)).toList();
        List<Report.Recovery> recoveries = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Journal.Fault fault = ordered.get(i);
            long next = i + 1 < ordered.size() ? ordered.get(i + 1).startedAt() : Long.MAX_VALUE;
            recoveries.add(new Report.Recovery(fault.kind(), fault.target(), fault.startedAt(),
                    fault.endedAt() - fault.startedAt(), ingressBack(fault, webhooks, ingressUrls),
                    backlogGone(fault, lags), probeBack(fault, next, sortedProbes)));
        }
        return recoveries;
    }

    /** From the fault's start until every ingress answered 200 to a webhook posted after the start. */
    static long ingressBack(Journal.Fault fault, List<Journal.Webhook> webhooks, List<String> ingressUrls) {
        long latest = -1;
        for (String ingress : ingressUrls) {
            long first = webhooks.stream()
                    .filter(w -> w.status() == 200 && w.sentAt() >= fault.startedAt() && w.url().startsWith(ingress))
                    .mapToLong(Journal.Webhook::answeredAt).min().orElse(-1);
            if (first < 0) {
                return -1;
            }
            latest = Math.max(latest, first - fault.startedAt());
        }
        return latest;
    }

    /** From the fault's end until every consumer group's lag was back to its highest in the 30 s before the fault. */
    static long backlogGone(Journal.Fault fault, List<LagSample> lags) {
        List<LagSample> before = lags.stream()
                .filter(s -> s.at() < fault.startedAt() && s.at() >= fault.startedAt() - LAG_BEFORE_MILLIS).toList();
        if (before.isEmpty()) {
            before = lags.stream().filter(s -> s.at() < fault.startedAt())
                    .max(Comparator.comparingLong(LagSample::at)).map(List::of).orElse(List.of());
        }
        List<LagSample> after = lags.stream().filter(s -> s.at() >= fault.endedAt())
                .sorted(Comparator.comparingLong(LagSample::at)).toList();
        if (after.isEmpty()) {
            return -1;
        }
        Set<String> groups = new TreeSet<>();
        lags.forEach(s -> groups.addAll(s.lagByGroup().keySet()));
        long latest = 0;
        for (String group : groups) {
            long usual = before.stream().mapToLong(s -> s.lagByGroup().getOrDefault(group, 0L)).max().orElse(0);
            long back = after.stream().filter(s -> s.lagByGroup().getOrDefault(group, 0L) <= usual)
                    .mapToLong(LagSample::at).findFirst().orElse(-1);
            if (back < 0) {
                return -1;
            }
            latest = Math.max(latest, back - fault.endedAt());
        }
        return latest;
    }

    /**
     * From the fault's end until the first probe (posted after the fault began, before the next one) from which
     * {@value #PROBES_IN_A_ROW} probes in a row were stored within the p99 latency of the minute before the fault;
     * 0 when the probes never slowed down.
     */
    static long probeBack(Journal.Fault fault, long nextFaultAt, List<Probe> probes) {
        List<Long> usual = probes.stream()
                .filter(p -> p.sentAt() < fault.startedAt() && p.sentAt() >= fault.startedAt() - PROBE_BEFORE_MILLIS)
                .map(Probe::latency).sorted().toList();
        if (usual.isEmpty()) {
            return -1;
        }
        long p99 = usual.get((int) Math.ceil(usual.size() * 0.99) - 1);
        List<Probe> during = probes.stream()
                .filter(p -> p.sentAt() >= fault.startedAt() && p.sentAt() < nextFaultAt).toList();
        for (int i = 0; i < during.size(); i++) {
            int end = Math.min(during.size(), i + PROBES_IN_A_ROW);
            boolean fast = during.subList(i, end).stream().allMatch(p -> p.latency() <= p99);
            if (fast && (end - i == PROBES_IN_A_ROW || end == during.size())) {
                return Math.max(0, during.get(i).storedAt() - fault.endedAt());
            }
        }
        return -1;
    }
}
