package dev.switchboard.media.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Media;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.media.outcome.MediaEvents;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.SharedPostgres;

/**
 * The job table on a real PostgreSQL of its own (no service running on it): a message is recorded once, replicas
 * claiming at once never get the same job, a claim holds for its lease, and an outcome counts only while its claim
 * holds.
 */
class FetchJobsTest {

    private static final Duration LEASE = Duration.ofMinutes(7);

    private FetchJobs jobs;
    private JdbcClient jdbc;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(SharedPostgres.createDatabase(),
                SharedPostgres.USER, SharedPostgres.PASSWORD);
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        jobs = new FetchJobs(jdbc);
    }

    private static InboundMessage image() {
        InboundMessage message = TestEvents.text("shop", TestEvents.newCustomer(), "wamid." + UUID.randomUUID(),
                null, Instant.now()).build();
        message.setType(InboundMessageType.IMAGE);
        message.setMedia(Media.newBuilder().setId("m-" + UUID.randomUUID()).build());
        return message;
    }

    @Test
    void aMessageIsRecordedOnceAndMessagesWithoutAFileNotAtAll() {
        InboundMessage image = image();
        InboundMessage text = TestEvents.text("shop", TestEvents.newCustomer(), "wamid.t", "hi", now).build();

        assertThat(jobs.record(List.of(image, text), now)).isEqualTo(1);
        assertThat(jobs.record(List.of(image), now)).as("a redelivery").isZero();
        assertThat(jobs.depth()).isEqualTo(new FetchJobs.Depth(1, 0));
    }

    @Test
    void replicasClaimingAtOnceNeverGetTheSameJob() throws Exception {
        List<InboundMessage> messages = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            messages.add(image());
        }
        jobs.record(messages, now);
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        Callable<Void> claimer = () -> {
            for (Optional<FetchJobs.Claimed> job; (job = jobs.claimNext(now, LEASE)).isPresent(); ) {
                claimed.add(job.get().messageId());
            }
            return null;
        };
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            for (Future<Void> done : replicas.invokeAll(List.of(claimer, claimer, claimer, claimer))) {
                done.get();
            }
        } finally {
            replicas.shutdown();
        }

        assertThat(claimed).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void aClaimHoldsForItsLeaseAndALateOutcomeOfAnExpiredClaimRecordsNothing() {
        InboundMessage image = image();
        jobs.record(List.of(image), now);
        FetchJobs.Claimed first = jobs.claimNext(now, LEASE).orElseThrow();

        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.message()).isEqualTo(image);
        assertThat(jobs.claimNext(now.plus(LEASE).minusSeconds(1), LEASE)).as("while it is fetched").isEmpty();

        FetchJobs.Claimed second = jobs.claimNext(now.plus(LEASE), LEASE).orElseThrow();
        assertThat(second.attempts()).isEqualTo(2);
        var failed = MediaEvents.failed(image, 0, MediaFailure.EXPIRED, "gone", null, 1, now);
        assertThat(jobs.finish(first, failed, "gone", now)).as("the first claim ran out").isFalse();
        assertThat(jobs.finish(second, failed, "gone", now)).isTrue();
        assertThat(jobs.lockUnpublished(10)).singleElement()
                .satisfies(row -> assertThat(row.messageId()).isEqualTo(image.getMessageId()));
    }

    @Test
    void releasedClaimsAreDueAtOnceAndRetriesWaitForTheirTime() {
        jobs.record(List.of(image(), image()), now);
        FetchJobs.Claimed stopped = jobs.claimNext(now, LEASE).orElseThrow();
        FetchJobs.Claimed retried = jobs.claimNext(now, LEASE).orElseThrow();

        assertThat(jobs.release(List.of(stopped.claimId()), now)).isEqualTo(1);
        assertThat(jobs.retryAt(retried, now.plusSeconds(30), "HTTP 503")).isTrue();

        assertThat(jobs.claimNext(now, LEASE)).hasValueSatisfying(
                job -> assertThat(job.messageId()).isEqualTo(stopped.messageId()));
        assertThat(jobs.claimNext(now.plusSeconds(29), LEASE)).isEmpty();
        assertThat(jobs.nextDueAt()).isEqualTo(now.plusSeconds(30));
        assertThat(jobs.claimNext(now.plusSeconds(30), LEASE)).hasValueSatisfying(
                job -> assertThat(job.messageId()).isEqualTo(retried.messageId()));
    }

    @Test
    void retentionDeletesOnlyFinishedRowsWhoseEventIsOnKafka() {
        InboundMessage published = image();
        InboundMessage unpublished = image();
        InboundMessage pending = image();
        jobs.record(List.of(published, unpublished, pending), now);
        for (int i = 0; i < 2; i++) {
            FetchJobs.Claimed job = jobs.claimNext(now, LEASE).orElseThrow();
            jobs.finish(job, MediaEvents.failed(job.message(), 0, MediaFailure.EXPIRED, "gone", null, 1, now), "gone",
                    now);
        }
        FetchJobs.Unpublished relayed = jobs.lockUnpublished(10).get(0);
        jobs.markPublished(List.of(relayed));

        assertThat(jobs.deleteFinishedBefore(now, 10)).as("not old enough yet").isZero();
        assertThat(jobs.deleteFinishedBefore(now.plusSeconds(1), 10)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from fetch_job where message_id = ?").param(relayed.messageId())
                .query(Long.class).single()).isZero();
        assertThat(jobs.depth()).isEqualTo(new FetchJobs.Depth(1, 1));
    }
}
