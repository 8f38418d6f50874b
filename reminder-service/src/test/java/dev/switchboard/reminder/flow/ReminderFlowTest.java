package dev.switchboard.reminder.flow;

import static dev.switchboard.reminder.flow.ReminderTestKit.image;
import static dev.switchboard.reminder.flow.ReminderTestKit.newCustomer;
import static dev.switchboard.reminder.flow.ReminderTestKit.text;
import static dev.switchboard.reminder.flow.ReminderTestKit.ticket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.switchboard.events.Call;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.SystemChange;
import dev.switchboard.events.SystemChangeKind;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.WindowEvent;
import dev.switchboard.events.WindowEventType;

/**
 * The reminder and the window's close, end to end on a real broker and a real PostgreSQL, with a reminder delay of
 * 3 s and a window of 5 s (application-flow.yml). Channel {@code shop} sends reminders, {@code club} does not.
 */
class ReminderFlowTest extends FlowContext {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration DELAY = Duration.ofSeconds(3);
    static final Duration WINDOW = Duration.ofSeconds(5);
    static final String REMINDER_TEXT = "Are you still there? Reply to keep this conversation open.";

    @Value("${local.server.port}")
    private int port;

    @Test
    void oneReminderPerWindowThenTheWindowClosesAndTheTimerGoes() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String ana = newCustomer();
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kit.customerWritesWithTicketOpen("shop", ana, "wamid.A." + ana, sentAt);

            await().atMost(WAIT).until(() -> "reminder".equals(kit.timer(port, "shop", ana).path("next").asString()));
            assertThat(Instant.parse(kit.timer(port, "shop", ana).path("timer").path("executionTime").asString()))
                    .isEqualTo(sentAt.plus(DELAY));
            var soonest = kit.timers(port, "limit=1000");
            assertThat(soonest.path("scheduled").asLong()).isPositive();
            assertThat(soonest.path("timers").valueStream().map(t -> t.path("customer").asString()))
                    .contains(ana);

            await().atMost(WAIT).until(() -> kit.windowEvents(ana, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.reminders(ana)).singleElement().satisfies(r -> {
                assertThat(r.getRequestId()).isEqualTo("reminder:shop:" + ana + ":" + sentAt.toEpochMilli());
                assertThat(r.getKind()).isEqualTo(OutboundKind.REMINDER);
                assertThat(r.getType()).isEqualTo(OutboundType.TEXT);
                assertThat(r.getText().getBody()).isEqualTo(REMINDER_TEXT);
                assertThat(r.getChannelId()).isEqualTo("shop");
                assertThat(r.getNotAfter()).isEqualTo(sentAt.plus(WINDOW));
                assertThat(r.getTicketId()).isEqualTo("T-" + ana);
                assertThat(r.getRequestedAt()).isAfterOrEqualTo(sentAt.plus(DELAY));
            });
            assertThat(kit.windowEvents(ana, WindowEventType.REMINDER_DUE)).singleElement().satisfies(e -> {
                assertThat(e.getEventId()).isEqualTo("reminder-due:shop:" + ana + ":" + sentAt.toEpochMilli());
                assertThat(e.getLastCustomerMessageId()).isEqualTo("wamid.A." + ana);
                assertThat(e.getDueAt()).isEqualTo(sentAt.plus(DELAY));
                assertThat(e.getFiredAt()).isAfterOrEqualTo(e.getDueAt());
            });
            // The window is done: nothing left to decide, no timer, and the decisions are there to read.
            var view = kit.timer(port, "shop", ana);
            assertThat(view.path("next").isNull()).isTrue();
            assertThat(view.path("timer").isNull()).isTrue();
            assertThat(view.path("reminderOutcome").asString()).isEqualTo("SENT");
            assertThat(view.path("closeOutcome").asString()).isEqualTo("ANNOUNCED");
            assertThat(kit.reminders(ana)).hasSize(1);
        }
    }

    @Test
    void aNewerMessageMovesTheReminderToItsOwnWindow() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String ben = newCustomer();
            Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            // WhatsApp's timestamp of the second message is a second later (sent as soon as the first is applied).
            Instant second = first.plusSeconds(1);
            kit.customerWritesWithTicketOpen("shop", ben, "wamid.B1." + ben, first);
            await().atMost(WAIT).until(() -> kit.timer(port, "shop", ben).path("lastMessageId").asString()
                    .equals("wamid.B1." + ben));
            kit.send(text("shop", ben, "wamid.B2." + ben, second));

            await().atMost(WAIT).until(() -> kit.windowEvents(ben, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.reminders(ben)).singleElement().satisfies(r -> {
                assertThat(r.getRequestId()).endsWith(":" + second.toEpochMilli());
                assertThat(r.getRequestedAt()).isAfterOrEqualTo(second.plus(DELAY));
                assertThat(r.getNotAfter()).isEqualTo(second.plus(WINDOW));
            });
            assertThat(kit.windowEvents(ben, WindowEventType.REMINDER_DUE)).singleElement()
                    .satisfies(e -> assertThat(e.getLastCustomerMessageId()).isEqualTo("wamid.B2." + ben));
            assertThat(kit.windowEvents(ben, WindowEventType.WINDOW_CLOSED)).singleElement()
                    .satisfies(e -> assertThat(e.getDueAt()).isEqualTo(second.plus(WINDOW)));
        }
    }

    @Test
    void theBusinessWritingFromTheWhatsAppBusinessAppMovesNoWindow() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String eli = newCustomer();
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kit.customerWritesWithTicketOpen("shop", eli, "wamid.E1." + eli, sentAt);
            await().atMost(WAIT).until(() -> kit.timer(port, "shop", eli).path("lastMessageId").asString()
                    .equals("wamid.E1." + eli));
            // A coexistence echo a second later (smb_message_echoes): the customer is its recipient.
            var echo = text("shop", eli, "wamid.ECHO." + eli, sentAt.plusSeconds(1));
            echo.setEcho(true);
            kit.send(echo);

            await().atMost(WAIT).until(() -> kit.windowEvents(eli, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.reminders(eli)).singleElement()
                    .satisfies(r -> assertThat(r.getNotAfter()).isEqualTo(sentAt.plus(WINDOW)));
            assertThat(kit.windowEvents(eli, WindowEventType.REMINDER_DUE)).singleElement()
                    .satisfies(e -> assertThat(e.getLastCustomerMessageId()).isEqualTo("wamid.E1." + eli));
        }
    }

    /** A system message (an identity change) and a call are on the timeline, but the customer wrote nothing. */
    @Test
    void aSystemMessageOrACallMovesNoWindow() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String ida = newCustomer();
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kit.customerWritesWithTicketOpen("shop", ida, "wamid.S1." + ida, sentAt);
            await().atMost(WAIT).until(() -> kit.timer(port, "shop", ida).path("lastMessageId").asString()
                    .equals("wamid.S1." + ida));
            var system = text("shop", ida, "wamid.SYS." + ida, sentAt.plusSeconds(1));
            system.setType(InboundMessageType.SYSTEM);
            system.setText(null);
            system.setSystem(SystemChange.newBuilder().setKind(SystemChangeKind.USER_CHANGED_USER_ID)
                    .setNewUserId("US." + ida).build());
            kit.send(system);
            var call = text("shop", ida, "wacid.CALL." + ida, sentAt.plusMillis(1500));
            call.setType(InboundMessageType.CALL);
            call.setText(null);
            call.setCall(Call.newBuilder().setCallId("wacid.CALL." + ida).setEvent("terminate").setStatus("COMPLETED")
                    .setDurationSeconds(33L).build());
            kit.send(call);

            await().atMost(WAIT).until(() -> kit.windowEvents(ida, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.reminders(ida)).singleElement()
                    .satisfies(r -> assertThat(r.getNotAfter()).isEqualTo(sentAt.plus(WINDOW)));
            assertThat(kit.windowEvents(ida, WindowEventType.WINDOW_CLOSED)).singleElement().satisfies(e -> {
                assertThat(e.getLastCustomerMessageId()).isEqualTo("wamid.S1." + ida);
                assertThat(e.getDueAt()).isEqualTo(sentAt.plus(WINDOW));
            });
        }
    }

    @Test
    void aClosedTicketCancelsTheReminderButNotTheWindowsClose() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String cleo = newCustomer();
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kit.customerWritesWithTicketOpen("shop", cleo, "wamid.C." + cleo, sentAt);
            kit.send(ticket(TicketEventType.TICKET_CLOSED, "shop", cleo, "T-" + cleo, sentAt.plusMillis(500)));

            await().atMost(WAIT).until(() -> kit.windowEvents(cleo, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.reminders(cleo)).isEmpty();
            assertThat(kit.windowEvents(cleo, WindowEventType.REMINDER_DUE)).isEmpty();
            assertThat(kit.timer(port, "shop", cleo).path("reminderOutcome").asString()).isEqualTo("TICKET_NOT_OPEN");
        }
    }

    @Test
    void aReopenedTicketGetsItsReminderAndAStaleCloseIsIgnored() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String dora = newCustomer();
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kit.send(ticket(TicketEventType.TICKET_OPENED, "shop", dora, "T-" + dora, sentAt.minusSeconds(60)));
            kit.send(ticket(TicketEventType.TICKET_REOPENED, "shop", dora, "T-" + dora, sentAt.minusSeconds(10)));
            // An older close, arriving late (or replayed), does not close the reopened ticket.
            kit.send(ticket(TicketEventType.TICKET_CLOSED, "shop", dora, "T-" + dora, sentAt.minusSeconds(30)));
            kit.send(text("shop", dora, "wamid.D." + dora, sentAt));

            await().atMost(WAIT).until(() -> kit.reminders(dora).size() == 1);
        }
    }

    @Test
    void anOptedOutCustomerGetsNoReminderUntilTheyOptBackIn() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String eli = newCustomer();
            String finn = newCustomer();
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kit.customerWritesWithTicketOpen("shop", eli, "wamid.E." + eli, sentAt);
            kit.send(ticket(TicketEventType.CUSTOMER_OPTED_OUT, "shop", eli, "T-" + eli, sentAt));
            kit.customerWritesWithTicketOpen("shop", finn, "wamid.F." + finn, sentAt);
            kit.send(ticket(TicketEventType.CUSTOMER_OPTED_OUT, "shop", finn, "T-" + finn, sentAt));
            kit.send(ticket(TicketEventType.CUSTOMER_OPTED_IN, "shop", finn, "T-" + finn, sentAt.plusMillis(1)));

            await().atMost(WAIT).until(() -> kit.windowEvents(eli, WindowEventType.WINDOW_CLOSED).size() == 1
                    && kit.windowEvents(finn, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.reminders(eli)).isEmpty();
            assertThat(kit.timer(port, "shop", eli).path("reminderOutcome").asString()).isEqualTo("OPTED_OUT");
            assertThat(kit.reminders(finn)).hasSize(1);
        }
    }

    @Test
    void aChannelWithRemindersOffOrNotConfiguredSendsNoneButItsWindowsStillClose() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String gus = newCustomer();
            String hana = newCustomer();
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kit.customerWritesWithTicketOpen("club", gus, "wamid.G." + gus, sentAt);
            kit.customerWritesWithTicketOpen("elsewhere", hana, "wamid.H." + hana, sentAt);

            await().atMost(WAIT).until(() -> kit.windowEvents(gus, WindowEventType.WINDOW_CLOSED).size() == 1
                    && kit.windowEvents(hana, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.reminders(gus)).isEmpty();
            assertThat(kit.reminders(hana)).isEmpty();
            assertThat(kit.timer(port, "club", gus).path("reminderOutcome").asString()).isEqualTo("CHANNEL_OFF");
        }
    }

    /** zammad#5531: one customer message with several media arrives as several messages; one reminder, not four. */
    @Test
    void aBurstOfMessagesGetsOneReminder() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String ivy = newCustomer();
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.SECONDS); // WhatsApp's timestamps are in seconds
            kit.send(ticket(TicketEventType.TICKET_OPENED, "shop", ivy, "T-" + ivy, sentAt));
            var first = image("shop", ivy, "wamid.I1." + ivy, sentAt);
            kit.send(first);
            kit.send(image("shop", ivy, "wamid.I2." + ivy, sentAt));
            kit.send(image("shop", ivy, "wamid.I3." + ivy, sentAt));
            kit.send(first); // Meta's redelivery
            kit.send(text("shop", ivy, "wamid.I0." + ivy, sentAt.minusSeconds(3))); // an older one, late

            await().atMost(WAIT).until(() -> kit.windowEvents(ivy, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.reminders(ivy)).singleElement()
                    .satisfies(r -> assertThat(r.getRequestId()).endsWith(":" + sentAt.toEpochMilli()));
            assertThat(kit.windowEvents(ivy, WindowEventType.REMINDER_DUE)).singleElement()
                    .satisfies(e -> assertThat(e.getLastCustomerMessageId()).isEqualTo("wamid.I1." + ivy));
        }
    }

    @Test
    void windowClosedEventsNameTheConversationItsLastMessageAndWhenItWasDue() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String jo = newCustomer();
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            kit.send(text("club", jo, "wamid.J." + jo, sentAt));

            await().atMost(WAIT).until(() -> kit.windowEvents(jo, WindowEventType.WINDOW_CLOSED).size() == 1);
            WindowEvent closed = kit.windowEvents(jo, WindowEventType.WINDOW_CLOSED).get(0);
            assertThat(closed.getEventId()).isEqualTo("window-closed:club:" + jo + ":" + sentAt.toEpochMilli());
            assertThat(closed.getChannelId()).isEqualTo("club");
            assertThat(closed.getCustomer().getWaId()).isEqualTo(jo);
            assertThat(closed.getCustomer().getName()).isEqualTo("Ana " + jo);
            assertThat(closed.getLastCustomerMessageId()).isEqualTo("wamid.J." + jo);
            assertThat(closed.getLastCustomerMessageAt()).isEqualTo(sentAt);
            assertThat(closed.getDueAt()).isEqualTo(sentAt.plus(WINDOW));
            assertThat(closed.getFiredAt()).isAfterOrEqualTo(closed.getDueAt());
            assertThat(kit.windowEventKeys(jo)).containsOnly("club:" + jo);
        }
    }

    /**
     * Messages whose window closed while the service was down (or that arrive very late): no reminder, since it could
     * only expire; the close is announced late, once, unless it is older than the late-close horizon (1 day).
     */
    @Test
    void aWindowThatClosedWhileNobodyWasWatchingIsAnnouncedLateOnceWithoutAReminder() {
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String kai = newCustomer();
            String lea = newCustomer();
            Instant lateBy = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
            kit.customerWritesWithTicketOpen("shop", kai, "wamid.K." + kai, lateBy);
            kit.customerWritesWithTicketOpen("shop", lea, "wamid.L." + lea, Instant.now().minus(Duration.ofDays(2)));

            await().atMost(WAIT).until(() -> kit.windowEvents(kai, WindowEventType.WINDOW_CLOSED).size() == 1
                    && "NOT_ANNOUNCED".equals(kit.timer(port, "shop", lea).path("closeOutcome").asString()));
            assertThat(kit.reminders(kai)).isEmpty();
            assertThat(kit.reminders(lea)).isEmpty();
            assertThat(kit.windowEvents(lea, WindowEventType.WINDOW_CLOSED)).isEmpty();
            assertThat(kit.timer(port, "shop", kai).path("reminderOutcome").asString()).isEqualTo("TOO_LATE");
            assertThat(kit.windowEvents(kai, WindowEventType.WINDOW_CLOSED).get(0).getDueAt())
                    .isEqualTo(lateBy.plus(WINDOW));
        }
    }
}
