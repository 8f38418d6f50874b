package dev.switchboard.admin.dlt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@code dlt list} says about one dead-letter topic: per partition how many and when, and why they failed. */
public final class Parked {

    private record PartitionSummary(int count, Instant oldest, Instant newest) {
        PartitionSummary with(Instant time) {
            return new PartitionSummary(count + 1, time.isBefore(oldest) ? time : oldest,
                    time.isAfter(newest) ? time : newest);
        }
    }

    private final String topic;
    private final Map<Integer, PartitionSummary> partitions = new TreeMap<>();
    private final Map<String, Integer> reasons = new LinkedHashMap<>();
    private int count;

    public Parked(String topic, List<DeadLetter> deadLetters) {
        this.topic = topic;
        for (DeadLetter deadLetter : deadLetters) {
            Instant time = deadLetter.timestamp();
            partitions.merge(deadLetter.partition(), new PartitionSummary(1, time, time),
                    (summary, ignored) -> summary.with(time));
            reasons.merge(deadLetter.why(), 1, Integer::sum);
            count++;
        }
    }

    public int count() {
        return count;
    }

    /** One line per partition with dead letters, then one per exception class, most frequent first. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        partitions.forEach((partition, summary) -> lines.add(topic + "-" + partition + ": " + summary.count()
                + (summary.count() == 1 ? " dead letter" : " dead letters") + ", oldest " + summary.oldest()
                + ", newest " + summary.newest()));
        reasons.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .forEach(reason -> lines.add(topic + ": " + reason.getValue() + " x " + reason.getKey()));
        return lines;
    }
}
