package dev.switchboard.ticket.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.apache.avro.specific.SpecificRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Location;
import dev.switchboard.events.Reaction;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.SharedPostgres;
import dev.switchboard.ticket.channel.TicketChannels;
import dev.switchboard.ticket.channel.TicketChannels.AfterClose;
import dev.switchboard.ticket.channel.TicketChannels.Channel;
import dev.switchboard.ticket.channel.TicketSettings;
import dev.switchboard.ticket.outbox.Outbox;
import dev.switchboard.ticket.ticket.DeliveryReceipts;
import dev.switchboard.ticket.ticket.InboundBatchRepository;
import dev.switchboard.ticket.ticket.InboundBatches;
import dev.switchboard.ticket.ticket.InboundMessages;
import dev.switchboard.ticket.ticket.TicketEvents;
import dev.switchboard.ticket.ticket.TicketRepository;
import dev.switchboard.ticket.window.WindowSettings;

/**
 * The set-based path ({@link InboundBatches}) against the one-by-one path ({@link InboundMessages#handle}, the
 * reference the flow tests check): the same batches into two empty databases must leave the same rows in every
 * table, ids included, and the same outbox records in the same order (event ids aside, which are random).
 */
class InboundBatchesTest {

    private static final TicketChannels CHANNELS = new TicketChannels(Map.of(
            "shop", new Channel(TicketChannels.Provider.META, "Sales", "Hi! An agent will be with you shortly.", true,
                    AfterClose.NEW),
            "club", new Channel(TicketChannels.Provider.META, null, null, false, AfterClose.REOPEN),
            "desk", new Channel(TicketChannels.Provider.META, " ", "Welcome to the desk", true, AfterClose.REOPEN)));
    private static final TicketSettings SETTINGS = new TicketSettings(List.of("STOP", "UNSUBSCRIBE"), List.of("START"),
            "test-agent-token");

    /** Moved by the test; both paths read the same time. */
    private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2026-11-21T10:00:00.123456Z"));
    private final List<SingleConnectionDataSource> dataSources = new ArrayList<>();

    @AfterEach
    void close() {
        dataSources.forEach(SingleConnectionDataSource::destroy);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 20261121L, 424242L})
    void randomisedBatchesLeaveTheSameStateAndEventsAsOneByOneIncludingReplay(long seed) {
        World oneByOne = new World(false);
        World setBased = new World(true);
        Random random = new Random(seed);
        List<InboundMessage> messages = new Conversations(random).messages(500);

        int batches = 0;
        for (List<InboundMessage> batch : split(messages, random, 60)) {
            clock.advance(Duration.ofSeconds(1 + random.nextInt(90)));
            oneByOne.apply(batch);
            setBased.apply(batch);
            assertThat(setBased.snapshot()).as("after batch %d", batches).isEqualTo(oneByOne.snapshot());
            if (random.nextInt(4) == 0) {
                closeSome(random, oneByOne, setBased);
            }
            batches++;
        }
        Map<String, List<String>> before = setBased.snapshot();
        assertThat(before.get("ticket")).hasSizeGreaterThan(10);
        assertThat(before.get("reaction")).isNotEmpty();
        assertThat(before.get("outbox")).anyMatch(r -> r.contains("TICKET_REOPENED"))
                .anyMatch(r -> r.contains("CUSTOMER_OPTED_OUT")).anyMatch(r -> r.contains("CUSTOMER_OPTED_IN"))
                .anyMatch(r -> r.contains("WELCOME"));

        // Replay and redeliveries, in batches cut differently: nothing changes, nothing is written to the outbox.
        clock.advance(Duration.ofHours(1));
        for (List<InboundMessage> batch : split(messages, random, 200)) {
            oneByOne.apply(batch);
            setBased.apply(batch);
        }
        assertThat(setBased.snapshot()).isEqualTo(before).isEqualTo(oneByOne.snapshot());
    }

    @Test
    void oneBatchWithEveryRuleAppliesInOrder() {
        World oneByOne = new World(false);
        World setBased = new World(true);
        Instant t0 = Instant.parse("2026-11-21T09:00:00Z");
        InboundMessage hello = text("shop", "4911", "Ana", "m1", "hello", t0);
        InboundMessage first = text("club", "4922", "Ben", "c1", "first", t0);
        List<InboundMessage> batch = List.of(
                hello,
                text("shop", "4911", null, "m2", "STOP", t0.plusSeconds(1)),
                reaction("shop", "4911", "m3", "m1", "👍", t0.plusSeconds(2)),  // to a message earlier in the batch
                text("shop", "4911", "Ana B.", "m4", " start ", t0.plusSeconds(3)),
                reaction("shop", "4911", "m5", "m1", "❤️", t0.plusSeconds(4)), // newer reaction wins
                reaction("shop", "4911", "m6", "m1", "😮", t0.plusSeconds(1)), // older one changes nothing
                reaction("shop", "4911", "m7", "nope", "👍", t0.plusSeconds(5)), // unknown target: an article
                redelivery(hello),                                              // within the batch
                first,
                text("club", "4922", "Ben", "c2", "second", t0.minusSeconds(30))); // out of WhatsApp's order
        oneByOne.apply(batch);
        setBased.apply(batch);
        assertThat(setBased.snapshot()).isEqualTo(oneByOne.snapshot());
        assertThat(setBased.outboxTypes()).containsExactly("TICKET_OPENED", "ARTICLE_ADDED", "OUTBOUND_REQUEST",
                "ARTICLE_ADDED", "ARTICLE_ADDED", "CUSTOMER_OPTED_OUT", "ARTICLE_ADDED", "CUSTOMER_OPTED_IN",
                "ARTICLE_ADDED", "TICKET_OPENED", "ARTICLE_ADDED", "ARTICLE_ADDED");
        assertThat(setBased.jdbc.sql("select emoji from reaction").query(String.class).list()).containsExactly("❤️");
        assertThat(setBased.jdbc.sql("select name from conversation where customer_id = '4911'").query(String.class)
                .single()).isEqualTo("Ana B.");

        // After a close, the club reopens its ticket and the shop opens a new one; a redelivery changes nothing.
        clock.advance(Duration.ofMinutes(5));
        for (World world : List.of(oneByOne, setBased)) {
            world.close(world.openTickets().get(0));
            world.close(world.openTickets().get(0));
        }
        List<InboundMessage> later = List.of(text("club", "4922", "Ben", "c3", "again", t0.plusSeconds(600)),
                text("shop", "4911", "Ana", "m8", "again", t0.plusSeconds(601)), redelivery(first),
                reaction("club", "4922", "c4", "c1", "", t0.plusSeconds(602)));
        oneByOne.apply(later);
        setBased.apply(later);
        assertThat(setBased.snapshot()).isEqualTo(oneByOne.snapshot());
        assertThat(setBased.outboxTypes().subList(14, setBased.outboxTypes().size())).containsExactly(
                "TICKET_REOPENED", "ARTICLE_ADDED", "TICKET_OPENED", "ARTICLE_ADDED");
    }

    @Test
    void aBatchWithAMessageTheRulesCannotApplyFailsWholeAndChangesNothing() {
        World setBased = new World(true);
        InboundMessage noSender = text("club", "4933", "x", "p1", "who am I?", Instant.now());
        noSender.setCustomer(Customer.newBuilder().setName("nobody").build());
        List<InboundMessage> batch = List.of(text("club", "4933", "Cy", "p0", "hi", Instant.now()), noSender);

        assertThatThrownBy(() -> setBased.apply(batch)).isInstanceOf(IllegalArgumentException.class);
        assertThat(setBased.snapshot().values()).allMatch(List::isEmpty);
    }

    // ------------------------------------------------------------------------------------------------ the two paths

    /** One empty database, written through one of the two paths with the same rules and clock. */
    private final class World {

        final JdbcClient jdbc;
        final TransactionTemplate transactions;
        final TicketRepository repository;
        final TicketEvents events;
        final Consumer<List<InboundMessage>> path;

        World(boolean setBased) {
            String url = SharedPostgres.createDatabase();
            SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, SharedPostgres.USER,
                    SharedPostgres.PASSWORD, true);
            dataSources.add(dataSource);
            migrate(dataSource);
            jdbc = JdbcClient.create(dataSource);
            transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            repository = new TicketRepository(jdbc);
            Outbox outbox = new Outbox(jdbc);
            events = new TicketEvents(outbox, clock);
            WindowSettings window = new WindowSettings(Duration.ofHours(24));
            InboundMessages inbound = new InboundMessages(repository, events, CHANNELS, SETTINGS,
                    window, clock, new DeliveryReceipts(repository, events));
            if (setBased) {
                InboundBatches batches = new InboundBatches(new InboundBatchRepository(jdbc), events, outbox,
                        CHANNELS, SETTINGS, window, clock, inbound);
                path = batches::handle;
            } else {
                path = batch -> batch.forEach(inbound::handle);
            }
        }

        /** One transaction per batch, as the listener. */
        void apply(List<InboundMessage> batch) {
            transactions.executeWithoutResult(status -> path.accept(batch));
        }

        List<Long> openTickets() {
            return jdbc.sql("select id from ticket where state = 'open' order by id").query(Long.class).list();
        }

        /** What an agent's close does (AgentActions.close). */
        void close(long ticketId) {
            transactions.executeWithoutResult(status -> {
                var closed = repository.setState(ticketId, "closed", clock.instant());
                events.ticket(TicketEventType.TICKET_CLOSED, closed,
                        repository.conversation(closed.channelId(), closed.customerId()).orElseThrow());
            });
        }

        /** Every row of every table the paths write, as text; outbox payloads decoded, random event ids left out. */
        Map<String, List<String>> snapshot() {
            Map<String, List<String>> tables = new LinkedHashMap<>();
            for (String table : List.of("conversation", "ticket", "article", "reaction")) {
                tables.put(table, jdbc.sql("select t::text from " + table + " t order by t::text").query(String.class)
                        .list());
            }
            EventDeserializer<SpecificRecord> deserializer = new EventDeserializer<>();
            tables.put("outbox", jdbc.sql("select id, topic, record_key, payload from outbox order by id")
                    .query((rs, n) -> {
                        SpecificRecord record = deserializer.deserialize(rs.getString(2), rs.getBytes(4));
                        if (record instanceof TicketEvent event) {
                            event.setEventId("-");
                        }
                        return rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + record;
                    }).list());
            return tables;
        }

        /** The outbox in order: ticket event types, OUTBOUND_REQUEST for a request. */
        List<String> outboxTypes() {
            return snapshot().get("outbox").stream().map(row -> row.contains("tickets.events")
                    ? row.replaceAll(".*\"type\": \"([A-Z_]+)\".*", "$1") : "OUTBOUND_REQUEST").toList();
        }
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /** Closes a few open tickets, the same ones in both worlds (their ids are the same or the test fails anyway). */
    private void closeSome(Random random, World a, World b) {
        List<Long> open = a.openTickets();
        for (int i = 0; i < 1 + random.nextInt(3) && !open.isEmpty(); i++) {
            long id = open.remove(random.nextInt(open.size()));
            clock.advance(Duration.ofMillis(1));
            a.close(id);
            b.close(id);
        }
    }

    // ------------------------------------------------------------------------------------------------ input

    /** Random conversations: several messages per conversation per batch, redeliveries, reactions, STOP/START. */
    private static final class Conversations {

        private static final String[] TEXTS = {"hello", "where is my order?", "STOP", " stop ", "START", "Unsubscribe",
                "thanks", "ok"};
        private static final String[] EMOJIS = {"👍", "❤️", "", "😂"};
        private final Random random;
        private final List<String[]> customers = new ArrayList<>(); // channel, waId (or null), userId (or null)
        private final Map<Integer, List<String>> sent = new LinkedHashMap<>();

        Conversations(Random random) {
            this.random = random;
            String[] channels = {"shop", "club", "desk"};
            for (int i = 0; i < 14; i++) {
                boolean bsuidOnly = random.nextInt(7) == 0;
                customers.add(new String[] {channels[i % 3], bsuidOnly ? null : "49170" + (1000 + i),
                        bsuidOnly || random.nextBoolean() ? "US.bsuid." + i : null});
            }
        }

        List<InboundMessage> messages(int count) {
            List<InboundMessage> messages = new ArrayList<>();
            Instant t = Instant.parse("2026-11-21T08:00:00Z");
            for (int i = 0; i < count; i++) {
                t = t.plusMillis(random.nextInt(20_000));
                // WhatsApp's timestamps are not in delivery order now and then
                Instant sentAt = random.nextInt(8) == 0 ? t.minusSeconds(random.nextInt(120)) : t;
                int who = random.nextInt(customers.size()) % (random.nextInt(3) == 0 ? customers.size() : 5);
                String[] customer = customers.get(who);
                List<String> earlier = sent.computeIfAbsent(who, k -> new ArrayList<>());
                int kind = random.nextInt(100);
                if (kind < 8 && !messages.isEmpty()) {
                    messages.add(redelivery(messages.get(random.nextInt(messages.size()))));
                    continue;
                }
                String id = "wamid." + i;
                InboundMessage.Builder message = InboundMessage.newBuilder(text(customer[0], customer[1], name(),
                        id, TEXTS[random.nextInt(TEXTS.length)], sentAt));
                message.getCustomer().setUserId(customer[2]);
                if (kind < 25) {
                    String target = !earlier.isEmpty() && random.nextInt(4) > 0
                            ? earlier.get(random.nextInt(earlier.size())) : "wamid.theirs." + random.nextInt(5);
                    message.setType(InboundMessageType.REACTION).setText(null).setReaction(Reaction.newBuilder()
                            .setMessageId(target).setEmoji(EMOJIS[random.nextInt(EMOJIS.length)]).build());
                } else if (kind < 30) {
                    message.setType(InboundMessageType.LOCATION).setText(null).setLocation(Location.newBuilder()
                            .setLatitude(52.5).setLongitude(13.4).setName("Depot " + i).build());
                }
                earlier.add(id);
                messages.add(message.build());
            }
            return messages;
        }

        private String name() {
            return random.nextInt(4) == 0 ? null : "Customer " + (char) ('A' + random.nextInt(3));
        }
    }

    private static List<List<InboundMessage>> split(List<InboundMessage> messages, Random random, int maxBatch) {
        List<List<InboundMessage>> batches = new ArrayList<>();
        for (int from = 0; from < messages.size(); ) {
            int to = Math.min(messages.size(), from + 1 + random.nextInt(maxBatch));
            batches.add(messages.subList(from, to));
            from = to;
        }
        return batches;
    }

    private static InboundMessage text(String channelId, String waId, String name, String messageId, String text,
                                       Instant sentAt) {
        InboundMessage message = TicketTestKit.text(channelId, waId, messageId, text, sentAt).build();
        message.getCustomer().setName(name);
        return message;
    }

    private static InboundMessage reaction(String channelId, String waId, String messageId, String toMessageId,
                                           String emoji, Instant sentAt) {
        InboundMessage message = TicketTestKit.reaction(channelId, waId, messageId, toMessageId, emoji, sentAt);
        message.getCustomer().setName(null);
        return message;
    }

    /** Meta's redelivery: a new event, the same message. */
    private static InboundMessage redelivery(InboundMessage message) {
        return InboundMessage.newBuilder(message).setEventId(UUID.randomUUID().toString()).build();
    }
}
