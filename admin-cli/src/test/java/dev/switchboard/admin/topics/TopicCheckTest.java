package dev.switchboard.admin.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;

/** The rules of {@code topics check} without a broker, and the deployment's manifest read as the check reads it. */
class TopicCheckTest {

    /** deploy's KafkaTopics (the working directory of a module's tests is the module). */
    static final Path MANIFEST = Path.of("..", "deploy", "k8s", "base", "topics.yaml");

    private static final List<Topic<?>> CATALOGUE = List.of(Topics.WEBHOOKS_RAW, Topics.INBOUND_MESSAGES, Topics.CHANNELS);

    /** The catalogue's topics as the catalogue wants them: 4 partitions, its configs set on each topic. */
    private static Map<String, TopicState> asCatalogued() {
        Map<String, TopicState> topics = new HashMap<>();
        for (Topic<?> topic : CATALOGUE) {
            topics.put(topic.name(), state(topic.name(), 4, withDefaults(topic.configs())));
            topics.put(topic.deadLetterTopic(), state(topic.deadLetterTopic(), 4, withDefaults(topic.deadLetterConfigs())));
        }
        return topics;
    }

    private static Map<String, String> withDefaults(Map<String, String> configs) {
        Map<String, String> all = new HashMap<>(Map.of("cleanup.policy", "delete", "retention.ms", "604800000",
                "max.message.bytes", "1048588", "min.compaction.lag.ms", "0"));
        all.putAll(configs);
        return all;
    }

    private static TopicState state(String name, int partitions, Map<String, String> configs) {
        return new TopicState(name, partitions, configs, configs.keySet());
    }

    private static List<String> lines(Map<String, TopicState> actual, Map<String, DeclaredTopic> manifest) {
        return TopicCheck.check(CATALOGUE, actual, manifest).stream().flatMap(f -> f.lines().stream()).toList();
    }

    @Test
    void topicsAsTheCatalogueWantsThemAreOk() {
        assertThat(lines(asCatalogued(), null)).containsExactly(
                "whatsapp.webhooks.raw.v1: ok", "whatsapp.webhooks.raw.v1.dlt: ok",
                "whatsapp.inbound.messages.v1: ok", "whatsapp.inbound.messages.v1.dlt: ok",
                "switchboard.channels.v1: ok", "switchboard.channels.v1.dlt: ok");
    }

    @Test
    void eachDifferenceFromTheCatalogueIsALineOfItsTopic() {
        Map<String, TopicState> actual = asCatalogued();
        actual.remove("whatsapp.inbound.messages.v1.dlt");
        actual.put("whatsapp.webhooks.raw.v1.dlt", state("whatsapp.webhooks.raw.v1.dlt", 2,
                withDefaults(Topics.WEBHOOKS_RAW.deadLetterConfigs())));
        actual.put("whatsapp.webhooks.raw.v1", new TopicState("whatsapp.webhooks.raw.v1", 4,
                withDefaults(Map.of()), Set.of()));
        actual.put("whatsapp.inbound.messages.v1", state("whatsapp.inbound.messages.v1", 4,
                withDefaults(Map.of("cleanup.policy", "compact,delete"))));
        actual.put("switchboard.channels.v1", state("switchboard.channels.v1", 4, withDefaults(Map.of())));

        assertThat(lines(actual, null)).containsExactly(
                "whatsapp.webhooks.raw.v1: max.message.bytes is 1048588 (not set on the topic: the broker's), "
                        + "the catalogue says 8388608",
                "whatsapp.webhooks.raw.v1.dlt: 2 partitions, its topic whatsapp.webhooks.raw.v1 has 4 "
                        + "(a dead letter keeps its record's partition number)",
                "whatsapp.inbound.messages.v1: compacted (cleanup.policy=compact,delete), the catalogue does not "
                        + "compact it: compaction would keep only the latest record of each key",
                "whatsapp.inbound.messages.v1.dlt: missing",
                "switchboard.channels.v1: cleanup.policy is delete, the catalogue says compact",
                "switchboard.channels.v1.dlt: ok");
    }

    @Test
    void aCompactedDeadLetterTopicIsReportedEvenOfACompactedTopic() {
        Map<String, TopicState> actual = asCatalogued();
        actual.put("switchboard.channels.v1.dlt", state("switchboard.channels.v1.dlt", 4,
                withDefaults(Topics.CHANNELS.configs())));

        assertThat(lines(actual, null)).contains("switchboard.channels.v1.dlt: compacted (cleanup.policy=compact), "
                + "the catalogue does not compact it: compaction would keep only the latest record of each key");
    }

    @Test
    void withAManifestPartitionsAndConfigsAreComparedWithWhatItDeclares() {
        Map<String, DeclaredTopic> manifest = new HashMap<>();
        asCatalogued().values().forEach(t -> manifest.put(t.name(), new DeclaredTopic(t.name(), OptionalInt.of(4),
                Map.of("retention.ms", t.configs().get("retention.ms")))));
        manifest.put("whatsapp.inbound.messages.v1", new DeclaredTopic("whatsapp.inbound.messages.v1",
                OptionalInt.of(12), Map.of("retention.ms", "2592000000")));
        manifest.remove("switchboard.channels.v1.dlt");
        manifest.put("old.topic.v0", new DeclaredTopic("old.topic.v0", OptionalInt.of(1), Map.of()));

        assertThat(lines(asCatalogued(), manifest)).containsExactly(
                "whatsapp.webhooks.raw.v1: ok", "whatsapp.webhooks.raw.v1.dlt: ok",
                "whatsapp.inbound.messages.v1: 4 partitions, the manifest declares 12",
                "whatsapp.inbound.messages.v1: retention.ms is 604800000, the manifest declares 2592000000",
                "whatsapp.inbound.messages.v1.dlt: ok",
                "switchboard.channels.v1: ok",
                "switchboard.channels.v1.dlt: not in the manifest",
                "old.topic.v0: declared in the manifest, not in the catalogue");
    }

    @Test
    void theDeploymentsManifestDeclaresEveryCatalogueTopicAndItsDeadLettersAndPassesTheCheck() {
        Map<String, DeclaredTopic> manifest = Manifest.read(MANIFEST);

        assertThat(manifest.keySet()).containsExactlyInAnyOrderElementsOf(
                TopicCheck.names(Topics.ALL, null));
        assertThat(manifest.get("whatsapp.inbound.statuses.v1").partitions()).hasValue(12);
        assertThat(manifest.get("whatsapp.inbound.statuses.v1").configs())
                .containsEntry("retention.ms", "1209600000").containsEntry("cleanup.policy", "delete");
        assertThat(manifest.get("switchboard.channels.v1").partitions()).hasValue(3);

        // a cluster made exactly as declared (the broker's defaults beneath) passes the check
        Map<String, TopicState> asDeclared = manifest.values().stream().collect(Collectors.toMap(DeclaredTopic::name,
                t -> new TopicState(t.name(), t.partitions().orElseThrow(), withDefaults(t.configs()),
                        t.configs().keySet())));
        assertThat(TopicCheck.check(Topics.ALL, asDeclared, manifest)).allSatisfy(f -> assertThat(f.lines())
                .containsExactly(f.topic() + ": ok"));
    }
}
