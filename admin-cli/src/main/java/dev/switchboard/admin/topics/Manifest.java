package dev.switchboard.admin.topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The topics a Kubernetes manifest declares: every {@code kind: KafkaTopic} document (Strimzi), named by
 * {@code spec.topicName} or else {@code metadata.name}, as Strimzi's topic operator names them. Other documents are
 * ignored, so a whole rendered overlay can be given.
 */
final class Manifest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private Manifest() {
    }

    /** The declared topics by name, in the order of the file. */
    static Map<String, DeclaredTopic> read(Path file) {
        Map<String, DeclaredTopic> topics = new LinkedHashMap<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || !"KafkaTopic".equals(document.path("kind").asText())) {
                    continue;
                }
                DeclaredTopic topic = declared(document);
                topics.put(topic.name(), topic);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest " + file + ": " + e.getMessage(), e);
        }
        return topics;
    }

    private static DeclaredTopic declared(JsonNode kafkaTopic) {
        JsonNode spec = kafkaTopic.path("spec");
        String name = spec.path("topicName").asText(kafkaTopic.path("metadata").path("name").asText());
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a KafkaTopic without spec.topicName or metadata.name: " + kafkaTopic);
        }
        Map<String, String> configs = new LinkedHashMap<>();
        spec.path("config").properties().forEach(e -> configs.put(e.getKey(), e.getValue().asText()));
        OptionalInt partitions = spec.has("partitions") ? OptionalInt.of(spec.get("partitions").asInt())
                : OptionalInt.empty();
        return new DeclaredTopic(name, partitions, configs);
    }
}
