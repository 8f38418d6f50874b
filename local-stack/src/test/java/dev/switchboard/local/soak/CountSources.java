package dev.switchboard.local.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.local.KafkaState;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The count's reading edge: the topics (streamed, only what the count needs kept), the ticket, outbound and reminder
 * databases over JDBC, the provider's per-reference record over HTTP.
 */
final class CountSources {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SoakStack stack;
    private final KafkaState kafka;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CountSources(SoakStack stack, KafkaState kafka) {
        this.stack = stack;
        this.kafka = kafka;
    }

    CountFacts read() {
        Map<TopicPartition, Long> ends = kafka.endOffsets();
        Set<String> raw = new HashSet<>();
        forEach(Topics.WEBHOOKS_RAW, ends, (RawWebhook r) -> raw.add(sha256(r.getBody())));
        Set<String> inbound = new HashSet<>();
        forEach(Topics.INBOUND_MESSAGES, ends,
                (InboundMessage m) -> inbound.add(CountFacts.key(m.getChannelId(), m.getMessageId())));
        Map<String, Long> deadLetters = new TreeMap<>();
        ends.forEach((tp, end) -> {
            if (tp.topic().endsWith(Topic.DEAD_LETTER_SUFFIX) && end > 0) {
                deadLetters.merge(tp.topic(), end, Long::sum);
            }
        });
        List<CountFacts.InboundArticle> inboundArticles = new ArrayList<>();
        List<CountFacts.OutboundArticle> outboundArticles = new ArrayList<>();
        articles(inboundArticles, outboundArticles);
        return new CountFacts(raw, inbound, inboundArticles, outboundArticles, sends(), deadLetters);
    }

    /** Every record of a topic up to the given end offsets, one at a time (a 10-minute run's raw topic is gigabytes). */
    private <T extends SpecificRecord> void forEach(Topic<T> topic, Map<TopicPartition, Long> ends, Consumer<T> action) {
        List<TopicPartition> partitions = ends.keySet().stream().filter(tp -> tp.topic().equals(topic.name())).toList();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new EventDeserializer<>())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long quietSince = System.nanoTime();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                boolean any = false;
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(500))) {
                    any = true;
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))
                            && record.value() != null) {
                        action.accept(record.value());
                    }
                }
                if (any) {
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException("no records from " + topic.name() + " for 60 s, short of " + ends);
                }
            }
        }
    }

    private void articles(List<CountFacts.InboundArticle> inbound, List<CountFacts.OutboundArticle> outbound) {
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl("ticket"))) {
            db.setAutoCommit(false);
            try (PreparedStatement select = db.prepareStatement("select id, channel_id, direction, message_id, "
                    + "request_id, status, text, created_at, coalesce(error_title, error_code::text) as error "
                    + "from article order by id")) {
                select.setFetchSize(5_000);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long id = rows.getLong("id");
                        String channel = rows.getString("channel_id");
                        String text = rows.getString("text");
                        if (rows.getString("direction").equals("inbound")) {
                            inbound.add(CountFacts.inbound(id, channel, rows.getString("message_id"), text,
                                    rows.getTimestamp("created_at").getTime()));
                        } else {
                            String token = CountFacts.replyToken(text);
                            if (token != null) {
                                outbound.add(new CountFacts.OutboundArticle(id, channel, rows.getString("request_id"),
                                        token, rows.getString("status"), rows.getString("error")));
                            }
                        }
                    }
                }
            }
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ticket database's articles: " + e, e);
        }
    }

    private Map<String, CountFacts.Sends> sends() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.sandboxUrl() + "/sandbox/messages/by-reference"))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json").build();
        String body;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the sandbox answered " + response.statusCode() + " to " + request.uri());
            }
            body = response.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, CountFacts.Sends> sends = new HashMap<>();
        JsonNode references = JSON.readTree(body).path("references");
        for (Map.Entry<String, JsonNode> reference : references.properties()) {
            JsonNode s = reference.getValue();
            sends.put(reference.getKey(), new CountFacts.Sends(s.path("accepted").asLong(), s.path("refused").asLong(),
                    s.path("acceptedAt").valueStream().map(JsonNode::asLong).toList()));
        }
        return sends;
    }

    /** How many rows a query counts, in one of the stack's databases. */
    long count(String database, String sql, Object... parameters) {
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(database));
             PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count in " + database + " (" + sql + "): " + e, e);
        }
    }

    private static String sha256(ByteBuffer body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(body.duplicate());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
