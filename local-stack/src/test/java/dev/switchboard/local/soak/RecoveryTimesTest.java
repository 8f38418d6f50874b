package dev.switchboard.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Recovery times from a made-up journal, lag samples and probe latencies. */
class RecoveryTimesTest {

    private static final Journal.Fault KILL = new Journal.Fault("kill", "ingress-2", 100_000, 110_000, "");

    private static Journal.Webhook answered(String ingress, long sentAt, int status) {
        return new Journal.Webhook(sentAt, Journal.WebhookKind.META_MESSAGE, "demo", "491", List.of(), List.of(), "x",
                ingress + "/webhooks/whatsapp/demo", 1, sentAt, sentAt, sentAt + 20, status);
    }

    @Test
    void ingressIsBackWhenEveryIngressAnswered200ToAWebhookPostedAfterTheFaultBegan() {
        List<Journal.Webhook> journal = List.of(answered("http://a", 99_000, 200), answered("http://b", 99_500, 200),
                answered("http://a", 100_010, 200), answered("http://b", 100_100, 0), answered("http://b", 112_000, 200),
                answered("http://b", 113_000, 200));

        assertThat(RecoveryTimes.ingressBack(KILL, journal, List.of("http://a", "http://b"))).isEqualTo(12_020);
        assertThat(RecoveryTimes.ingressBack(KILL, journal.subList(0, 4), List.of("http://a", "http://b")))
                .as("never").isEqualTo(-1);
    }

    @Test
    void theBacklogIsGoneWhenEveryGroupsLagIsBackToItsHighestOfTheHalfMinuteBefore() {
        List<RecoveryTimes.LagSample> lags = List.of(
                new RecoveryTimes.LagSample(60_000, Map.of("ticket-service", 900L)), // too early to count
                new RecoveryTimes.LagSample(80_000, Map.of("ticket-service", 40L, "outbound-service", 0L)),
                new RecoveryTimes.LagSample(95_000, Map.of("ticket-service", 60L, "outbound-service", 3L)),
                new RecoveryTimes.LagSample(110_000, Map.of("ticket-service", 5_000L, "outbound-service", 3L)),
                new RecoveryTimes.LagSample(115_000, Map.of("ticket-service", 61L, "outbound-service", 0L)),
                new RecoveryTimes.LagSample(120_000, Map.of("ticket-service", 55L, "outbound-service", 9L)),
                new RecoveryTimes.LagSample(125_000, Map.of("ticket-service", 70L, "outbound-service", 2L)));

        assertThat(RecoveryTimes.backlogGone(KILL, lags)).isEqualTo(10_000);
        assertThat(RecoveryTimes.backlogGone(KILL, lags.subList(0, 4))).as("never back").isEqualTo(-1);
        assertThat(RecoveryTimes.backlogGone(KILL, List.of())).as("not sampled").isEqualTo(-1);
    }

    @Test
    void theProbeIsBackFromTheFirstOfFiveProbesInARowStoredWithinThePreviousMinutesP99() {
        List<RecoveryTimes.Probe> probes = new ArrayList<>();
        for (long at = 50_000; at < 100_000; at += 1_000) {
            probes.add(new RecoveryTimes.Probe(at, at + (at == 60_000 ? 80 : 40)));
        }
        probes.add(new RecoveryTimes.Probe(100_000, -1)); // lost? counted elsewhere; here: not back
        for (long at = 101_000; at < 115_000; at += 1_000) {
            long latency = at < 111_000 ? 111_500 - at : at == 112_000 ? 30 : 60;
            probes.add(new RecoveryTimes.Probe(at, at + latency));
        }
        for (long at = 115_000; at < 125_000; at += 1_000) {
            probes.add(new RecoveryTimes.Probe(at, at + 50));
        }

        // p99 before = 80 ms; slow until 110 s; from 111 s five in a row within it: stored at 111.06 s, 1.06 s after
        // the end (10 s of fault)
        assertThat(RecoveryTimes.probeBack(KILL, Long.MAX_VALUE, probes)).isEqualTo(1_060);
        assertThat(RecoveryTimes.probeBack(KILL, Long.MAX_VALUE, probes.subList(50, 60))).as("no probes before")
                .isEqualTo(-1);
        Journal.Fault provider = new Journal.Fault("provider-5xx", "sandbox", 70_000, 80_000, "");
        assertThat(RecoveryTimes.probeBack(provider, 90_000, probes)).as("never slowed").isZero();
    }

    @Test
    void everyFaultGetsOneRecoveryInTheOrderTheyBegan() {
        Journal.Fault later = new Journal.Fault("broker-restart", "kafka", 200_000, 215_000, "");
        List<Report.Recovery> recoveries = RecoveryTimes.of(List.of(later, KILL), List.of(), List.of(), List.of(),
                List.of());

        assertThat(recoveries).extracting(Report.Recovery::target).containsExactly("ingress-2", "kafka");
        assertThat(recoveries.get(1).durationMillis()).isEqualTo(15_000);
        assertThat(recoveries.get(0).ingressBack()).as("no ingress listed: not measurable").isEqualTo(-1);
    }
}
