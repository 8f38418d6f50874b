package dev.switchboard.ticket.flow;

import static dev.switchboard.ticket.flow.TicketTestKit.newCustomer;
import static dev.switchboard.ticket.flow.TicketTestKit.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import dev.switchboard.ticket.receipts.DeliveryReceipts;

/**
 * A delivery receipt recorded while the result naming its article is still being recorded (the two come through
 * different listeners, in concurrent transactions) is applied, not left waiting in pending_status for ever.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class ReceiptRaceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private DeliveryReceipts receipts;

    @Autowired
    private PlatformTransactionManager transactions;

    @Autowired
    private JdbcClient jdbc;

    @BeforeAll
    static void topics() {
        TicketTestKit.createTopics();
    }

    @Test
    void aReceiptRecordedWhileItsResultIsBeingRecordedIsApplied() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (TicketTestKit kit = new TicketTestKit(port)) {
            String ben = newCustomer();
            kit.send(text("club", ben, "wamid.RR.1." + ben, "hello", Instant.now().minusSeconds(60)).build());
            await().atMost(WAIT).until(() -> kit.tickets("club", ben).size() == 1);
            long ticketId = kit.tickets("club", ben).get(0).path("id").asLong();
            long articleId = kit.post("/api/tickets/" + ticketId + "/articles", "{\"type\":\"text\",\"text\":\"hi\"}")
                    .body().path("id").asLong();
            OutboundRequest request = requestOf(articleId, ben);
            String wamid = "wamid.RR.OUT." + ben;
            TransactionTemplate transaction = new TransactionTemplate(transactions);

            // The result's transaction has named the article's wamid but not committed yet...
            CountDownLatch resultRecorded = new CountDownLatch(1);
            CountDownLatch commitResult = new CountDownLatch(1);
            Future<?> result = threads.submit(() -> transaction.executeWithoutResult(status -> {
                receipts.result(TicketTestKit.accepted(request, wamid));
                resultRecorded.countDown();
                awaitLatch(commitResult);
            }));
            assertThat(resultRecorded.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            // ...when the receipt for that wamid is recorded: it must wait for the result (or it parks unseen).
            Future<?> receipt = threads.submit(() -> transaction.executeWithoutResult(status -> receipts.status(
                    TicketTestKit.status("club", ben, wamid, DeliveryStatus.DELIVERED, Instant.now()))));
            await().atMost(WAIT).until(() -> receipt.isDone() || aTransactionWaitsForAnAdvisoryLock());
            commitResult.countDown();
            result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            receipt.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(jdbc.sql("select status from article where id = ?").param(articleId).query(String.class)
                    .single()).isEqualTo("delivered");
            assertThat(jdbc.sql("select count(*) from pending_status where message_id = ?").param(wamid)
                    .query(Long.class).single()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    /** By article id and customer: other test classes' databases number their articles from 1 too. */
    private OutboundRequest requestOf(long articleId, String waId) {
        try (TopicTail<SpecificRecord> out = TopicTail.fromBeginning(SharedKafka.bootstrapServers(),
                new EventDeserializer(), Topics.OUTBOUND_REQUESTS.name())) {
            return await().atMost(WAIT).until(() -> out.values(Topics.OUTBOUND_REQUESTS.name(), OutboundRequest.class)
                    .stream().filter(r -> String.valueOf(articleId).equals(r.getArticleId())
                            && waId.equals(r.getRecipient().getWaId())).findFirst(),
                    java.util.Optional::isPresent).orElseThrow();
        }
    }

    private boolean aTransactionWaitsForAnAdvisoryLock() {
        return jdbc.sql("select count(*) from pg_locks where locktype = 'advisory' and not granted")
                .query(Long.class).single() > 0;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the result commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
