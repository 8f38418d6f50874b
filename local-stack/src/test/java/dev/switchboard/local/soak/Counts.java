package dev.switchboard.local.soak;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.switchboard.local.KafkaState;

/**
 * The count after the load: waits until the platform has drained, then compares the {@link Journal} (what was sent
 * and answered) with the raw and typed topics, the ticket, outbound and reminder databases and the provider's record.
 * The rules are plain Java ({@link CountRules}, {@link RecoveryTimes}); the reading is {@link CountSources} and
 * {@link CountDrain}.
 */
public final class Counts {

    private Counts() {
    }

    /**
     * @param lags sampled during the run (started before the load); stopped here once drained. Null: none.
     */
    public static Report count(SoakSettings settings, SoakStack stack, Journal journal, Driver.Summary load,
                               FuzzSample.Result fuzz, RecoveryLagSampler lags, PrintStream console) {
        try (KafkaState kafka = new KafkaState(stack.kafkaBootstrapServers())) {
            CountSources sources = new CountSources(stack, kafka);
            Duration drained = new CountDrain(kafka, sources, console).drain(journal, settings.window());
            List<RecoveryTimes.LagSample> samples = List.of();
            if (lags != null) {
                lags.close();
                samples = lags.samples();
            }
            long reading = System.nanoTime();
            CountFacts facts = sources.read();
            console.printf("count: read %d raw bodies, %d inbound records, %d inbound and %d reply articles, %d "
                            + "references in %d s%n", facts.rawBodies().size(), facts.inboundMessages().size(),
                    facts.inbound().size(), facts.outbound().size(), facts.sends().size(),
                    Duration.ofNanos(System.nanoTime() - reading).toSeconds());
            List<Report.Row> rows = new java.util.ArrayList<>(new CountRules(journal, facts).rows(load, fuzz));
            rows.add(new Report.Row("drain (s)", drained.toSeconds(), false,
                    "until lag 0, outbox empty, sends done and the last windows closed"));
            List<Report.Recovery> recoveries = RecoveryTimes.of(journal.faults(), journal.webhooks(),
                    stack.ingressUrls(), samples, probes(journal, facts));
            return new Report(rows, recoveries);
        }
    }

    /** The probe customer's messages: first posted when, stored when (-1: not stored). */
    static List<RecoveryTimes.Probe> probes(Journal journal, CountFacts facts) {
        Map<String, Long> storedAt = facts.inbound().stream().collect(Collectors.toMap(
                a -> CountFacts.key(a.channelId(), a.messageId()), CountFacts.InboundArticle::createdAt, (a, b) -> a));
        return journal.webhooks().stream().filter(w -> w.kind() == Journal.WebhookKind.PROBE)
                .collect(Collectors.groupingBy(Journal.Webhook::seq)).values().stream()
                .map(attempts -> {
                    Journal.Webhook first = attempts.stream().min(Comparator.comparingLong(Journal.Webhook::sentAt))
                            .orElseThrow();
                    long stored = first.messageIds().stream()
                            .mapToLong(id -> storedAt.getOrDefault(CountFacts.key(first.channelId(), id), -1L))
                            .min().orElse(-1);
                    return new RecoveryTimes.Probe(first.sentAt(), stored);
                }).toList();
    }
}
