package dev.switchboard.admin.replay;

import java.util.OptionalInt;

/** One entry of {@code --topics}: a whole topic ({@code t}) or one of its partitions ({@code t:3}). */
record PartitionFilter(String topic, OptionalInt partition) {

    static PartitionFilter parse(String text) {
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("--topics: an empty topic name");
            }
            return new PartitionFilter(value, OptionalInt.empty());
        }
        try {
            int partition = Integer.parseInt(value.substring(colon + 1));
            if (colon > 0 && partition >= 0) {
                return new PartitionFilter(value.substring(0, colon), OptionalInt.of(partition));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--topics '" + text + "': expected <topic> or <topic>:<partition>");
    }
}
