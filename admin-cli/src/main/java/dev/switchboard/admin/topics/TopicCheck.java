package dev.switchboard.admin.topics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.schemas.Topic;

/**
 * The topics of the catalogue against the cluster (and optionally a manifest): what {@code topics check} reports.
 *
 * <ul>
 *   <li>every catalogue topic and its dead-letter topic exist;</li>
 *   <li>a dead-letter topic has as many partitions as its topic (the recoverer keeps a record's partition);</li>
 *   <li>the catalogue's configs ({@link Topic#configs()}, {@link Topic#deadLetterConfigs()}) are in effect;</li>
 *   <li>only a topic the catalogue compacts is compacted: compacting a stream of events keeps one per key;</li>
 *   <li>with a manifest: each topic is declared there, with the partitions and configs it declares, and the manifest
 *       declares no topic the catalogue does not know.</li>
 * </ul>
 */
final class TopicCheck {

    /** One topic and what differs (nothing: ok). */
    record Finding(String topic, List<String> differences) {

        boolean ok() {
            return differences.isEmpty();
        }

        /** {@code <topic>: ok}, or one {@code <topic>: <difference>} line per difference. */
        List<String> lines() {
            return ok() ? List.of(topic + ": ok") : differences.stream().map(d -> topic + ": " + d).toList();
        }
    }

    private TopicCheck() {
    }

    /** Every topic the check looks at: the catalogue's, their dead-letter topics, and what the manifest declares. */
    static Set<String> names(List<Topic<?>> catalogue, Map<String, DeclaredTopic> manifest) {
        Set<String> names = new LinkedHashSet<>();
        catalogue.forEach(t -> {
            names.add(t.name());
            names.add(t.deadLetterTopic());
        });
        if (manifest != null) {
            names.addAll(manifest.keySet());
        }
        return names;
    }

    /**
     * One finding per catalogue topic and per dead-letter topic, in catalogue order, then one per topic the manifest
     * declares beyond them.
     *
     * @param actual   the topics that exist, by name
     * @param manifest the declared topics by name, or null to check against the catalogue only
     */
    static List<Finding> check(List<Topic<?>> catalogue, Map<String, TopicState> actual,
                               Map<String, DeclaredTopic> manifest) {
        List<Finding> findings = new ArrayList<>();
        for (Topic<?> topic : catalogue) {
            TopicState state = actual.get(topic.name());
            findings.add(new Finding(topic.name(), differences(state, topic.configs(), null, manifest, topic.name())));
            TopicState deadLetters = actual.get(topic.deadLetterTopic());
            findings.add(new Finding(topic.deadLetterTopic(),
                    differences(deadLetters, topic.deadLetterConfigs(), state, manifest, topic.deadLetterTopic())));
        }
        if (manifest != null) {
            Set<String> known = names(catalogue, null);
            manifest.keySet().stream().filter(name -> !known.contains(name)).forEach(name -> findings.add(
                    new Finding(name, List.of("declared in the manifest, not in the catalogue"))));
        }
        return findings;
    }

    private static List<String> differences(TopicState state, Map<String, String> catalogueConfigs,
                                            TopicState ofTopic, Map<String, DeclaredTopic> manifest, String name) {
        List<String> differences = new ArrayList<>();
        DeclaredTopic declared = manifest == null ? null : manifest.get(name);
        if (manifest != null && declared == null) {
            differences.add("not in the manifest");
        }
        if (state == null) {
            differences.add("missing");
            return differences;
        }
        if (ofTopic != null && ofTopic.partitions() != state.partitions()) {
            differences.add(state.partitions() + " partitions, its topic " + ofTopic.name() + " has "
                    + ofTopic.partitions() + " (a dead letter keeps its record's partition number)");
        }
        catalogueConfigs.forEach((key, expected) -> {
            if (!expected.equals(state.configs().get(key))) {
                differences.add(setting(state, key) + ", the catalogue says " + expected);
            }
        });
        if (compacts(state.configs().get("cleanup.policy")) && !compacts(catalogueConfigs.get("cleanup.policy"))) {
            differences.add("compacted (cleanup.policy=" + state.configs().get("cleanup.policy") + "), the catalogue "
                    + "does not compact it: compaction would keep only the latest record of each key");
        }
        if (declared != null) {
            declared.partitions().ifPresent(partitions -> {
                if (partitions != state.partitions()) {
                    differences.add(state.partitions() + " partitions, the manifest declares " + partitions);
                }
            });
            declared.configs().forEach((key, expected) -> {
                if (!expected.equals(state.configs().get(key))) {
                    differences.add(setting(state, key) + ", the manifest declares " + expected);
                }
            });
        }
        return differences;
    }

    private static boolean compacts(String cleanupPolicy) {
        return cleanupPolicy != null && cleanupPolicy.contains("compact");
    }

    /** {@code key is value}, saying when the value is not the topic's own but the broker's default. */
    private static String setting(TopicState state, String key) {
        String value = state.configs().get(key);
        if (value == null) {
            return key + " is not set";
        }
        return key + " is " + value + (state.setOnTopic().contains(key) ? "" : " (not set on the topic: the broker's)");
    }
}
