package dev.switchboard.outbound.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.outbound.queue.TierContacts;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.SharedPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What the retention pass deletes and keeps, on a real PostgreSQL migrated by Flyway; the topic lookup on a real broker. */
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    private static final long SEVEN_DAYS = Duration.ofDays(7).toMillis();

    private JdbcClient jdbc;
    private TierContacts tierContacts;
    private ExpiredRows rows;

    @BeforeEach
    void database() {
        String url = SharedPostgres.createDatabase();
        DataSource dataSource = SharedPostgres.dataSource(url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", ""));
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        tierContacts = new TierContacts(jdbc);
        rows = new ExpiredRows(jdbc);
    }

    private Retention retention(int batch, long topicRetentionMs) {
        return new Retention(rows, new RetentionSettings(Duration.ofDays(8), Duration.ofMinutes(10), batch),
                Clock.fixed(NOW, ZoneOffset.UTC), () -> topicRetentionMs, new SimpleMeterRegistry());
    }

    private void request(String id, Instant createdAt, String state, boolean published) {
        jdbc.sql("""
                        insert into send_request (request_id, channel_id, recipient_id, priority, business_initiated,
                                                  request, state, not_before, created_at, result, result_published, done_at)
                        values (?, 'c', ?, 1, true, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(id, "r-" + id, new byte[10], state, Timestamp.from(createdAt), Timestamp.from(createdAt),
                        state.equals("done") ? new byte[5] : null, published,
                        state.equals("done") ? Timestamp.from(createdAt.plusSeconds(1)) : null)
                .update();
    }

    private List<String> remaining() {
        return jdbc.sql("select request_id from send_request order by request_id").query(String.class).list();
    }

    @Test
    void deletesFinishedPublishedRequestsOlderThanKeepDoneAndNothingElse() {
        Instant old = NOW.minus(Duration.ofDays(9));
        for (int i = 0; i < 5; i++) {
            request("old-done-" + i, old.plusSeconds(i), "done", true);
        }
        request("old-unpublished", old, "done", false);    // its result is not on Kafka yet
        request("old-queued", old, "queued", false);        // still waiting (e.g. a long quota wait)
        request("recent-done", NOW.minus(Duration.ofDays(7)), "done", true);

        Retention.Pass pass = retention(2, SEVEN_DAYS).cleanUp(NOW);

        assertThat(pass.requestsDeleted()).isEqualTo(5);
        assertThat(pass.refusal()).isNull();
        assertThat(remaining()).containsExactly("old-queued", "old-unpublished", "recent-done");
        assertThat(retention(2, SEVEN_DAYS).cleanUp(NOW).requestsDeleted()).isZero();
    }

    @Test
    void deletesTierContactsOnlyOnceTheyHaveLeftTheWindow() {
        tierContacts.recordTierContact("c", "gone", NOW.minus(Duration.ofHours(26)));
        tierContacts.recordTierContact("c", "edge", NOW.minus(Duration.ofHours(24)).minusSeconds(1));
        tierContacts.recordTierContact("c", "counts", NOW.minus(Duration.ofHours(3)));

        assertThat(retention(100, SEVEN_DAYS).cleanUp(NOW).tierContactsDeleted()).isEqualTo(1);
        assertThat(jdbc.sql("select recipient_id from tier_contact order by recipient_id").query(String.class).list())
                .containsExactly("counts", "edge");
    }

    @Test
    void deletesNoRequestWhileTheTopicKeepsRecordsLongerOrItsRetentionIsUnknown() {
        request("old-done", NOW.minus(Duration.ofDays(30)), "done", true);
        tierContacts.recordTierContact("c", "gone", NOW.minus(Duration.ofDays(2)));

        Retention.Pass longer = retention(100, Duration.ofDays(14).toMillis()).cleanUp(NOW);
        Retention.Pass forever = retention(100, -1).cleanUp(NOW);
        Retention.Pass unknown = new Retention(rows, new RetentionSettings(Duration.ofDays(8), Duration.ofMinutes(10), 100),
                Clock.systemUTC(), () -> {
                    throw new IllegalStateException("Timed out waiting for a node assignment");
                }, new SimpleMeterRegistry()).cleanUp(NOW);

        assertThat(longer.refusal()).contains("keep-done (PT192H)", "retention (PT336H)");
        assertThat(forever.refusal()).contains("forever");
        assertThat(unknown.refusal()).contains("could not read the requests topic's retention", "node assignment");
        assertThat(remaining()).containsExactly("old-done");
        assertThat(longer.tierContactsDeleted()).isEqualTo(1);   // the tier's cleanup does not depend on the topic
    }

    @Test
    void readsATopicsRetentionFromTheBroker() {
        String topic = "retention-test-" + System.nanoTime();
        long threeDays = Duration.ofDays(3).toMillis();
        SharedKafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of("retention.ms", String.valueOf(threeDays)))));

        assertThat(Retention.topicRetentionMs(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), topic)).isEqualTo(threeDays);
        assertThatThrownBy(() -> Retention.topicRetentionMs(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), "no-such-topic-" + System.nanoTime()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void settingsAreCheckedAtStartWithTheirNames() {
        assertThatThrownBy(() -> new RetentionSettings(Duration.ofMinutes(5), Duration.ofMinutes(10), 100))
                .hasMessageContaining("switchboard.outbound.retention.keep-done");
        assertThatThrownBy(() -> new RetentionSettings(Duration.ofDays(8), Duration.ZERO, 100))
                .hasMessageContaining("switchboard.outbound.retention.interval");
        assertThatThrownBy(() -> new RetentionSettings(Duration.ofDays(8), Duration.ofMinutes(1), 0))
                .hasMessageContaining("switchboard.outbound.retention.batch");
        RetentionSettings defaults = new RetentionSettings(Duration.ofDays(8), Duration.ofMinutes(10), 10_000);
        assertThat(defaults.refusal(SEVEN_DAYS)).isNull();
        assertThat(defaults.refusal(Duration.ofDays(8).toMillis())).isNotNull();
    }
}
