package dev.switchboard.admin.replay;

import java.util.OptionalLong;

import org.apache.kafka.common.TopicPartition;

/**
 * What a replay does to one partition of one group: from its committed offset (none if the group has not committed
 * there) to {@code target}.
 */
record PartitionMove(String group, TopicPartition partition, OptionalLong committed, long target) {

    /**
     * The offset a partition moves to. {@code forTime} is Kafka's answer for a time: the first offset whose timestamp
     * is at or after it, or -1 when every record is older (then the log end: nothing to re-read). An offset beyond
     * the log is brought into it, as {@code kafka-consumer-groups.sh} does.
     */
    static long target(ReplayFrom from, long earliest, long end, long forTime) {
        if (from instanceof ReplayFrom.Offset offset) {
            return Math.max(earliest, Math.min(end, offset.offset()));
        }
        if (from instanceof ReplayFrom.At) {
            return forTime < 0 ? end : forTime;
        }
        return earliest;
    }

    /** Records the group will read again (negative: records it will skip); 0 when it has no committed offset. */
    long recordsToReRead() {
        return committed.isPresent() ? committed.getAsLong() - target : 0;
    }

    /** {@code <group>  <topic>-<partition>  <committed> -> <target>  <what it means>}. */
    String line() {
        String from = committed.isPresent() ? String.valueOf(committed.getAsLong()) : "none";
        long delta = recordsToReRead();
        String meaning;
        if (committed.isEmpty()) {
            meaning = "no committed offset: starts at " + target;
        } else if (delta > 0) {
            meaning = "re-reads " + delta;
        } else if (delta < 0) {
            meaning = "skips " + -delta;
        } else {
            meaning = "unchanged";
        }
        return group + "  " + partition + "  " + from + " -> " + target + "  " + meaning;
    }
}
