package dev.switchboard.reminder.flow;

import static dev.switchboard.reminder.flow.ReminderTestKit.newCustomer;
import static dev.switchboard.reminder.flow.ReminderTestKit.text;
import static dev.switchboard.reminder.flow.ReminderTestKit.ticket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import dev.switchboard.events.Customer;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.Replay;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;

/**
 * An operator's full replay of the input topics decides nothing again and sends nothing again, also for a window
 * whose reminder went out and whose close is still to come; a record that cannot be applied is parked on the
 * dead-letter topic and the partition moves on.
 */
class ReplayAndPoisonTest extends FlowContext {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aFullReplayOfTheInputTopicsSendsNoReminderAgainAndChangesNoDecision() throws Exception {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String done = newCustomer();
            String optedOut = newCustomer();
            String quiet = newCustomer();
            String pending = newCustomer();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kit.customerWritesWithTicketOpen("shop", done, "wamid.R1." + done, now);
            kit.send(text("shop", done, "wamid.R0." + done, now.minusSeconds(1)));
            kit.customerWritesWithTicketOpen("shop", optedOut, "wamid.R2." + optedOut, now);
            kit.send(ticket(TicketEventType.CUSTOMER_OPTED_OUT, "shop", optedOut, "T-" + optedOut, now));
            kit.send(text("club", quiet, "wamid.R3." + quiet, now));
            await().atMost(WAIT).until(() -> Set.of(done, optedOut, quiet).stream()
                    .allMatch(c -> kit.windowEvents(c, WindowEventType.WINDOW_CLOSED).size() == 1));
            assertThat(kit.reminders(done)).hasSize(1);
            Map<String, String> before = snapshot(done, optedOut, quiet);

            // Its reminder is due now, its window closes in 1.5 s: the replay runs in between.
            kit.customerWritesWithTicketOpen("shop", pending, "wamid.R4." + pending, Instant.now().minusMillis(3500));
            await().atMost(WAIT).until(() -> kit.reminders(pending).size() == 1);
            replayEverything();
            await().atMost(WAIT).until(() -> ReminderTestKit.nothingLeftToConsume(listeners));

            await().atMost(WAIT).until(() -> kit.windowEvents(pending, WindowEventType.WINDOW_CLOSED).size() == 1
                    && ReminderTestKit.overdueTimers(jdbc) == 0);
            assertThat(snapshot(done, optedOut, quiet)).isEqualTo(before);
            for (String customer : List.of(done, optedOut, quiet, pending)) {
                assertThat(kit.windowEvents(customer, WindowEventType.WINDOW_CLOSED)).as(customer).hasSize(1);
                assertThat(kit.windowEvents(customer, WindowEventType.REMINDER_DUE))
                        .as(customer).hasSize(kit.reminders(customer).size());
            }
            assertThat(kit.reminders(done)).hasSize(1);
            assertThat(kit.reminders(optedOut)).isEmpty();
            assertThat(kit.reminders(quiet)).isEmpty();
            assertThat(kit.reminders(pending)).hasSize(1);
        }
    }

    /**
     * A replay writes no row again: a record whose change is already applied (an equal ticket event, a decision
     * already stored) leaves its conversation's row as it is, its {@code updated_at} and its row version included,
     * so that a database compared before and after a replay is identical.
     */
    @Test
    void aReplayWritesNoConversationRowAgain() throws Exception {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String customer = newCustomer();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kit.customerWritesWithTicketOpen("shop", customer, "wamid.W1." + customer, now.minusSeconds(2));
            await().atMost(WAIT).until(() -> kit.windowEvents(customer, WindowEventType.WINDOW_CLOSED).size() == 1
                    && ReminderTestKit.overdueTimers(jdbc) == 0);
            await().atMost(WAIT).until(() -> ReminderTestKit.nothingLeftToConsume(listeners));
            String before = wholeRow(customer);

            replayEverything();
            await().atMost(WAIT).until(() -> ReminderTestKit.nothingLeftToConsume(listeners));

            assertThat(wholeRow(customer)).isEqualTo(before);
        }
    }

    @Test
    void aPoisonRecordIsParkedOnTheDeadLetterTopicAndThePartitionMovesOn() {
        try (ReminderTestKit kit = new ReminderTestKit();
             TopicTail<byte[]> dlt = TopicTail.fromNow(SharedKafka.bootstrapServers(), new ByteArrayDeserializer(),
                     Topics.INBOUND_MESSAGES.deadLetterTopic())) {
            String waId = newCustomer();
            String key = "club:" + waId;
            byte[] garbage = "not an avro event".getBytes(StandardCharsets.UTF_8);
            var noSender = text("club", waId, "wamid.P0." + waId, Instant.now());
            noSender.setCustomer(Customer.newBuilder().setName("nobody").build());

            kit.sendBytes(Topics.INBOUND_MESSAGES.name(), key, garbage);
            kit.send(Topics.INBOUND_MESSAGES.name(), key, noSender);
            kit.send(text("club", waId, "wamid.P1." + waId, Instant.now()));

            await().atMost(WAIT).until(() -> kit.windowEvents(waId, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.windowEvents(waId, WindowEventType.WINDOW_CLOSED).get(0).getLastCustomerMessageId())
                    .isEqualTo("wamid.P1." + waId);
            await().atMost(WAIT).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> parked = dlt.records().stream()
                        .filter(r -> key.equals(r.key())).toList();
                assertThat(parked).hasSize(2);
                assertThat(parked.get(0).value()).isEqualTo(garbage);
                assertThat(new String(parked.get(1).headers().lastHeader("kafka_dlt-exception-message").value(),
                        StandardCharsets.UTF_8)).contains("neither wa_id nor user id");
            });
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The conversations' rows as text, without the time they were last written. */
    private Map<String, String> snapshot(String... customers) {
        Map<String, String> rows = new HashMap<>();
        for (String customer : customers) {
            rows.put(customer, jdbc.queryForObject("""
                    select (conversation_key, last_message_id, last_message_at, ticket_id, ticket_open, ticket_changed_at,
                            opted_out, opt_changed_at, reminder_for, reminder_outcome, closed_for, close_outcome)::text
                      from conversation where customer_id = ?""", String.class, customer));
        }
        return rows;
    }

    /** A conversation's whole row as text, with its row version (xmin: a new one for every update). */
    private String wholeRow(String customer) {
        return jdbc.queryForObject("select xmin::text || ' ' || c::text from conversation c where customer_id = ?",
                String.class, customer);
    }

    /** What an operator does to replay: stop the consumers, move their groups to offset zero, start them again. */
    private void replayEverything() throws Exception {
        Replay.fromTheStart(List.copyOf(listeners.getListenerContainers()));
    }
}
