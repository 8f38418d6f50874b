package dev.switchboard.reminder.flow;

import static dev.switchboard.reminder.flow.ReminderTestKit.bsuidText;
import static dev.switchboard.reminder.flow.ReminderTestKit.newCustomer;
import static dev.switchboard.reminder.flow.ReminderTestKit.text;
import static dev.switchboard.reminder.flow.ReminderTestKit.ticket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.switchboard.events.Customer;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.TicketState;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.testing.Replay;

/**
 * One customer known by several ids (a wa_id and a BSUID), whose records are keyed by either: the reminder and the
 * window follow the conversation ticket-service names ({@code TicketEvent.customerKey}) and the ids it lists as its
 * {@code aliases}, on a real broker and PostgreSQL, with a reminder delay of 3 s and a window of 5 s.
 */
class CustomerAliasesTest extends FlowContext {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Value("${local.server.port}")
    private int port;

    /**
     * The customer writes by phone, then BSUID-only (recorded under the BSUID's key, since nobody knew yet), then
     * ticket-service merges the two: one reminder and one close, for the newest message, from the phone conversation;
     * a replay of everything afterwards writes nothing and sends nothing.
     */
    @Test
    void aCustomerWhoWritesByPhoneThenByBsuidWithAMergeBetweenGetsOneReminderAndOneClose() throws Exception {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String phone = newCustomer();
            String bsuid = "US." + phone;
            Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant second = first.plusSeconds(1);
            kit.send(ticket(TicketEventType.TICKET_OPENED, "shop", Customer.newBuilder().setWaId(phone).build(), phone,
                    "T-" + phone, TicketState.OPEN, first));
            kit.send(text("shop", phone, "wamid.P." + phone, first));
            kit.send(bsuidText("shop", bsuid, "wamid.U." + phone, second));
            await().atMost(WAIT).until(() -> conversations("shop:" + bsuid) == 1);

            kit.send(ticket(TicketEventType.CUSTOMER_MERGED, "shop",
                    Customer.newBuilder().setWaId(phone).setUserId(bsuid).build(), phone, "T-" + phone,
                    TicketState.OPEN, second, bsuid));

            await().atMost(WAIT).until(() -> kit.windowEventsAboutAnyOf(WindowEventType.WINDOW_CLOSED, phone, bsuid)
                    .size() == 1 && ReminderTestKit.overdueTimers(jdbc) == 0);
            assertThat(kit.remindersToAnyOf(phone, bsuid)).singleElement().satisfies(r -> {
                assertThat(r.getRequestId()).isEqualTo("reminder:shop:" + phone + ":" + second.toEpochMilli());
                assertThat(r.getRecipient().getWaId()).isEqualTo(phone);
                assertThat(r.getRecipient().getUserId()).isEqualTo(bsuid);
                assertThat(r.getTicketId()).isEqualTo("T-" + phone);
            });
            assertThat(kit.windowEventsAboutAnyOf(WindowEventType.WINDOW_CLOSED, phone, bsuid)).singleElement()
                    .satisfies(e -> {
                        assertThat(e.getEventId()).isEqualTo("window-closed:shop:" + phone + ":" + second.toEpochMilli());
                        assertThat(e.getLastCustomerMessageId()).isEqualTo("wamid.U." + phone);
                    });
            assertThat(conversations("shop:" + bsuid)).as("folded into the phone's conversation").isZero();
            assertThat(timers("shop:" + bsuid)).isZero();
            assertThat(kit.timer(port, "shop", bsuid).path("customer").asString())
                    .as("the operator's view finds the conversation by either id").isEqualTo(phone);

            String before = rows(phone, bsuid);
            Replay.fromTheStart(List.copyOf(listeners.getListenerContainers()));
            await().atMost(WAIT).until(() -> ReminderTestKit.nothingLeftToConsume(listeners)
                    && ReminderTestKit.overdueTimers(jdbc) == 0);
            assertThat(rows(phone, bsuid)).as("a replay writes no row again").isEqualTo(before);
            assertThat(kit.remindersToAnyOf(phone, bsuid)).hasSize(1);
            assertThat(kit.windowEventsAboutAnyOf(WindowEventType.WINDOW_CLOSED, phone, bsuid)).hasSize(1);
        }
    }

    /**
     * Two conversations with a ticket open each turn out to be one customer: ticket-service keeps the older one's
     * ticket and closes the younger one into it. Whichever order the close and the merge come in, the conversation's
     * ticket stays open: one reminder, for the newest message, on the kept ticket.
     */
    @Test
    void twoConversationsMergedKeepTheSurvivorsOpenTicketWhateverOrderTheCloseComesIn() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String phone = newCustomer();
            String bsuid = "US." + phone;
            Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant second = first.plusSeconds(1);
            Customer both = Customer.newBuilder().setWaId(phone).setUserId(bsuid).build();
            kit.send(ticket(TicketEventType.TICKET_OPENED, "shop", Customer.newBuilder().setWaId(phone).build(), phone,
                    "T-" + phone, TicketState.OPEN, first));
            kit.send(text("shop", phone, "wamid.P." + phone, first));
            kit.send(ticket(TicketEventType.TICKET_OPENED, "shop", Customer.newBuilder().setUserId(bsuid).build(), bsuid,
                    "T-" + bsuid, TicketState.OPEN, second));
            kit.send(bsuidText("shop", bsuid, "wamid.U." + phone, second));
            await().atMost(WAIT).until(() -> conversations("shop:" + bsuid) == 1);

            Instant merged = second.plusMillis(200);
            kit.send(ticket(TicketEventType.CUSTOMER_MERGED, "shop", both, phone, "T-" + phone, TicketState.OPEN, merged,
                    bsuid));
            kit.send(ticket(TicketEventType.TICKET_CLOSED, "shop", both, phone, "T-" + bsuid, TicketState.CLOSED, merged,
                    bsuid));

            await().atMost(WAIT).until(() -> kit.windowEventsAboutAnyOf(WindowEventType.WINDOW_CLOSED, phone, bsuid)
                    .size() == 1 && ReminderTestKit.overdueTimers(jdbc) == 0);
            assertThat(kit.remindersToAnyOf(phone, bsuid)).singleElement().satisfies(r -> {
                assertThat(r.getRequestId()).isEqualTo("reminder:shop:" + phone + ":" + second.toEpochMilli());
                assertThat(r.getTicketId()).isEqualTo("T-" + phone);
            });
            assertThat(conversations("shop:" + bsuid)).isZero();
        }
    }

    /** The alias known first (ticket-service lists the BSUID): BSUID-only messages go to the phone conversation. */
    @Test
    void aMessageKeyedByAKnownAliasMovesTheConversationsWindow() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String phone = newCustomer();
            String bsuid = "US." + phone;
            Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant second = first.plusSeconds(1);
            kit.send(ticket(TicketEventType.TICKET_OPENED, "shop",
                    Customer.newBuilder().setWaId(phone).setUserId(bsuid).build(), phone, "T-" + phone,
                    TicketState.OPEN, first, bsuid));
            await().atMost(WAIT).until(() -> aliasOf("shop:" + bsuid).equals(List.of("shop:" + phone)));
            kit.send(text("shop", phone, "wamid.P." + phone, first));
            kit.send(bsuidText("shop", bsuid, "wamid.U." + phone, second));

            await().atMost(WAIT).until(() -> kit.windowEventsAboutAnyOf(WindowEventType.WINDOW_CLOSED, phone, bsuid)
                    .size() == 1 && ReminderTestKit.overdueTimers(jdbc) == 0);
            assertThat(kit.remindersToAnyOf(phone, bsuid)).singleElement()
                    .satisfies(r -> assertThat(r.getNotAfter()).isEqualTo(second.plusSeconds(5)));
            assertThat(kit.windowEventsAboutAnyOf(WindowEventType.REMINDER_DUE, phone, bsuid)).singleElement()
                    .satisfies(e -> assertThat(e.getLastCustomerMessageId()).isEqualTo("wamid.U." + phone));
            assertThat(conversations("shop:" + bsuid)).as("never a conversation of its own").isZero();
        }
    }

    /**
     * A conversation that began BSUID-only (its id is the BSUID) and later learned the customer's number: ticket-service
     * names the customer with both ids, so their key prefers the number, but its customerKey is the BSUID. The close
     * reaches the conversation the messages are on: no reminder.
     */
    @Test
    void aTicketClosedUnderItsCustomerKeyWhileTheMessagesAreKeyedByTheBsuidSendsNoReminder() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String phone = newCustomer();
            String bsuid = "US." + phone;
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kit.send(ticket(TicketEventType.TICKET_OPENED, "shop", Customer.newBuilder().setUserId(bsuid).build(), bsuid,
                    "T-" + bsuid, TicketState.OPEN, sentAt));
            kit.send(bsuidText("shop", bsuid, "wamid.U." + bsuid, sentAt));
            kit.send(ticket(TicketEventType.TICKET_CLOSED, "shop",
                    Customer.newBuilder().setWaId(phone).setUserId(bsuid).build(), bsuid, "T-" + bsuid,
                    TicketState.CLOSED, sentAt.plusMillis(500), phone));

            await().atMost(WAIT).until(() -> kit.windowEventsAboutAnyOf(WindowEventType.WINDOW_CLOSED, phone, bsuid)
                    .size() == 1 && ReminderTestKit.overdueTimers(jdbc) == 0);
            assertThat(kit.remindersToAnyOf(phone, bsuid)).isEmpty();
            assertThat(kit.timer(port, "shop", bsuid).path("reminderOutcome").asString()).isEqualTo("TICKET_NOT_OPEN");
            assertThat(conversations("shop:" + phone)).as("nothing recorded under the number's key").isZero();
        }
    }

    private long conversations(String key) {
        return jdbc.queryForObject("select count(*) from conversation where conversation_key = ?", Long.class, key);
    }

    private long timers(String key) {
        return jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Long.class, key);
    }

    private List<String> aliasOf(String key) {
        return jdbc.queryForList("select conversation_key from customer_alias where alias_key = ?", String.class, key);
    }

    /** The conversations' and aliases' rows, with their row versions (xmin: a new one for every update). */
    private String rows(String... ids) {
        return jdbc.queryForList("""
                select xmin::text || ' ' || c::text from conversation c where customer_id = any(?)
                union all
                select xmin::text || ' ' || a::text from customer_alias a where alias_key like 'shop:%' and
                       split_part(alias_key, ':', 2) = any(?)
                order by 1""", String.class, ids, ids).toString();
    }
}
