package dev.switchboard.reminder.flow;

import static dev.switchboard.reminder.flow.ReminderTestKit.newCustomer;
import static dev.switchboard.reminder.flow.ReminderTestKit.text;
import static dev.switchboard.reminder.flow.ReminderTestKit.ticket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.Provider;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelPublisher;

/**
 * Channels from the channels topic (switchboard.channels.v1, as ticket-service's registry publishes them) decide the
 * reminders without a restart, over the file's; the reminder goes from the number the customer wrote to. Reminder
 * 3 s, window 5 s (application-flow.yml). Every test uses channel ids of its own: the topic is compacted and shared by
 * every test of the module.
 */
class LiveChannelsTest extends FlowContext {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private ChannelPublisher publisher;

    @Autowired
    private ChannelFeed feed;

    @Value("${local.server.port}")
    private int port;

    @Test
    void aChannelOnboardedWithRemindersSendsThemWithItsTextFromTheNumberTheCustomerWroteTo() {
        String channel = "live-on-" + UUID.randomUUID();
        String number = "pn-" + UUID.randomUUID();
        publish(channel(channel, 1, true, "Still with us, " + channel + "?"));
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String ana = newCustomer();
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

            customerWritesWithTicketOpen(kit, channel, ana, number, sentAt);

            await().atMost(WAIT).until(() -> kit.windowEvents(ana, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.reminders(ana)).singleElement().satisfies(r -> {
                assertThat(r.getChannelId()).isEqualTo(channel);
                assertThat(r.getText().getBody()).isEqualTo("Still with us, " + channel + "?");
                assertThat(r.getBusinessNumberId()).as("from the number the customer wrote to").isEqualTo(number);
            });
        }
    }

    @Test
    void turningRemindersOffOnTheTopicStopsTheNextOnes() {
        String channel = "live-off-" + UUID.randomUUID();
        publish(channel(channel, 1, true, "Still there?"));
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String ben = newCustomer();
            Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            customerWritesWithTicketOpen(kit, channel, ben, "pn-1", first);
            await().atMost(WAIT).until(() -> kit.windowEvents(ben, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.reminders(ben)).as("reminders on: the first window's").hasSize(1);

            publish(channel(channel, 2, false, "Still there?"));
            Instant second = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            customerWritesWithTicketOpen(kit, channel, ben, "pn-1", second);

            await().atMost(WAIT).until(() -> kit.windowEvents(ben, WindowEventType.WINDOW_CLOSED).size() == 2);
            assertThat(kit.reminders(ben)).as("reminders off: none for the second window").hasSize(1);
            assertThat(kit.timer(port, channel, ben).path("reminderOutcome").asString()).isEqualTo("CHANNEL_OFF");
        }
    }

    @Test
    void aDisabledChannelSendsNoReminders() {
        String channel = "live-disabled-" + UUID.randomUUID();
        publish(ChannelConfig.newBuilder(channel(channel, 1, true, "Still there?")).setEnabled(false).build());
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String cleo = newCustomer();

            customerWritesWithTicketOpen(kit, channel, cleo, "pn-1", Instant.now().truncatedTo(ChronoUnit.MILLIS));

            await().atMost(WAIT).until(() -> kit.windowEvents(cleo, WindowEventType.WINDOW_CLOSED).size() == 1);
            assertThat(kit.reminders(cleo)).isEmpty();
            assertThat(kit.timer(port, channel, cleo).path("reminderOutcome").asString()).isEqualTo("CHANNEL_OFF");
        }
    }

    /** Publishes the channel and waits until the service's feed has it. */
    private void publish(ChannelConfig config) {
        publisher.publish(config);
        await().atMost(WAIT).until(() -> feed.find(config.getChannelId())
                .map(ChannelConfig::getRevision).orElse(0L) == config.getRevision());
    }

    private static ChannelConfig channel(String id, long revision, boolean reminders, String reminderMessage) {
        return ChannelConfig.newBuilder().setChannelId(id).setRevision(revision).setUpdatedAt(Instant.now())
                .setProvider(Provider.META).setReminders(reminders).setReminderMessage(reminderMessage).build();
    }

    /** The customer writes to {@code number} of the channel, their ticket open. */
    private static void customerWritesWithTicketOpen(ReminderTestKit kit, String channel, String waId, String number,
                                                     Instant sentAt) {
        kit.send(ticket(TicketEventType.TICKET_OPENED, channel, waId, "T-" + waId, sentAt));
        InboundMessage message = text(channel, waId, "wamid." + UUID.randomUUID(), sentAt);
        message.setBusinessNumberId(number);
        kit.send(message);
    }
}
