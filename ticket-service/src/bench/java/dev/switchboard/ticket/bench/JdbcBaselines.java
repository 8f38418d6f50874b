package dev.switchboard.ticket.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;

import dev.switchboard.bench.BenchPostgres;
import dev.switchboard.events.ArticleDirection;
import dev.switchboard.events.ArticleStatus;
import dev.switchboard.events.ArticleSummary;
import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.TicketState;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;

/**
 * What PostgreSQL alone can do with this work, on the same server, in a database of its own with the service's schema
 * (its Flyway script), with no Kafka, no Spring and no service in the way:
 * <ol>
 *   <li>{@link #articlesBatched}: the article rows the replay creates, inserted with the service's INSERT statement in
 *       JDBC batches, one transaction per batch of 500 (one commit per poll, as the service), optionally with pgjdbc's
 *       {@code reWriteBatchedInserts} (one multi-row INSERT per batch);</li>
 *   <li>{@link #serviceStatements}: the service's own statements for each message, in its order, one round trip
 *       each (copied from TicketRepository, InboundMessages and Outbox), 500 messages per transaction, on as many
 *       connections as the service has listener threads: what PostgreSQL and the round trips cost per message when
 *       the Java side costs nothing.</li>
 * </ol>
 * The SQL here is a deliberate baseline, not the service's code: plain JDBC, so that the figure is PostgreSQL's and
 * the round trips' alone (calling the repositories would add Spring's and the service's Java time to it), and the
 * per-message path ([c3]) and the set-based prototype ([c4]) are the algorithms the service is measured against. The
 * article columns themselves are the service's ({@link ArticleContent}: production's InboundContent).
 */
final class JdbcBaselines {

    static final String DATABASE = "bench_baseline";

    record Result(String name, long units, double seconds, long transactions) {
        double rate() {
            return units / seconds;
        }
    }

    /** An article row as the service would write it. */
    record ArticleRow(int ticket, String channelId, String type, String messageId, String text, String json,
                      Instant sentAt) {
    }

    /** The rows and messages the baselines use, computed once from the same events as the replay. */
    record Prepared(List<String[]> conversations, List<ArticleRow> articles, List<InboundEvents.Event> events) {
    }

    private final BenchPostgres postgres;
    private final Map<String, InboundEvents.Channel> channels = new HashMap<>();
    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();

    JdbcBaselines(BenchPostgres postgres, List<InboundEvents.Channel> channels) {
        this.postgres = postgres;
        channels.forEach(c -> this.channels.put(c.id(), c));
    }

    /** All conversations and article rows of the replay, and its first {@code messages} events. */
    static Prepared prepare(InboundEvents.Generator generator, int messages) {
        Map<String, Integer> conversations = new LinkedHashMap<>();
        List<String[]> conversationRows = new ArrayList<>();
        List<ArticleRow> articles = new ArrayList<>();
        List<InboundEvents.Event> events = new ArrayList<>();
        Set<String> known = new HashSet<>();
        while (generator.hasNext()) {
            InboundEvents.Event event = generator.next();
            if (events.size() < messages) {
                events.add(event);
            }
            if (event.duplicate()) {
                continue;
            }
            InboundMessage m = event.message();
            if (m.getType() == InboundMessageType.REACTION && known.contains(m.getChannelId() + " " + m.getReaction().getMessageId())) {
                continue; // lands on the article it reacts to
            }
            String customerId = Keys.customerId(m.getCustomer());
            Integer ticket = conversations.get(event.key());
            if (ticket == null) {
                ticket = conversations.size() + 1;
                conversations.put(event.key(), ticket);
                conversationRows.add(new String[] {m.getChannelId(), customerId, m.getCustomer().getWaId(),
                        m.getCustomer().getUserId(), m.getCustomer().getName()});
            }
            if (m.getType() != InboundMessageType.REACTION) {
                known.add(m.getChannelId() + " " + m.getMessageId());
            }
            ArticleContent content = ArticleContent.of(m);
            articles.add(new ArticleRow(ticket, m.getChannelId(), content.type(), m.getMessageId(), content.text(),
                    content.json(), m.getSentAt()));
        }
        return new Prepared(conversationRows, articles, events);
    }

    /** A fresh database with the service's schema. */
    void createSchema() throws SQLException, IOException {
        postgres.createDatabase(DATABASE);
        String script;
        try (InputStream in = JdbcBaselines.class.getClassLoader().getResourceAsStream("db/migration/V1__tickets.sql")) {
            if (in == null) {
                throw new IllegalStateException("db/migration/V1__tickets.sql not on the classpath");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        postgres.execute(DATABASE, script);
    }

    void truncate() throws SQLException {
        postgres.execute(DATABASE, "truncate reaction, article, ticket, conversation, outbox, pending_status restart identity",
                "checkpoint");
    }

    /** Conversations and one open ticket each (not measured): what the article rows refer to. */
    void insertConversationsAndTickets(Prepared prepared) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = postgres.connect(DATABASE, rewrite(true))) {
            c.setAutoCommit(false);
            try (PreparedStatement conv = c.prepareStatement("insert into conversation (channel_id, customer_id, wa_id,"
                    + " user_id, name, created_at) values (?, ?, ?, ?, ?, ?)");
                 PreparedStatement ticket = c.prepareStatement("insert into ticket (id, channel_id, customer_id, state,"
                         + " group_name, created_at, updated_at) overriding system value values (?, ?, ?, 'open', ?, ?, ?)")) {
                int i = 0;
                for (String[] row : prepared.conversations()) {
                    conv.setString(1, row[0]);
                    conv.setString(2, row[1]);
                    conv.setString(3, row[2]);
                    conv.setString(4, row[3]);
                    conv.setString(5, row[4]);
                    conv.setTimestamp(6, now);
                    conv.addBatch();
                    ticket.setLong(1, ++i);
                    ticket.setString(2, row[0]);
                    ticket.setString(3, row[1]);
                    ticket.setString(4, channels.get(row[0]).group());
                    ticket.setTimestamp(5, now);
                    ticket.setTimestamp(6, now);
                    ticket.addBatch();
                    if (i % 1000 == 0) {
                        conv.executeBatch();
                        ticket.executeBatch();
                    }
                }
                conv.executeBatch();
                ticket.executeBatch();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("select setval(pg_get_serial_sequence('ticket', 'id'), " + Math.max(1, prepared.conversations().size()) + ")");
            }
            c.commit();
        }
        postgres.execute(DATABASE, "vacuum analyze", "checkpoint");
    }

    /** The article rows, in JDBC batches of {@code batch}, one transaction each. */
    Result articlesBatched(String name, List<ArticleRow> rows, int batch, boolean rewrite) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        long transactions = 0;
        long began = System.nanoTime();
        try (Connection c = postgres.connect(DATABASE, rewrite(rewrite))) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into article (ticket_id, channel_id, direction, type, message_id, status, text, content,
                                         sent_at, created_at)
                    values (?, ?, 'inbound', ?, ?, 'received', ?, cast(? as jsonb), ?, ?)
                    on conflict (channel_id, message_id) do nothing
                    """)) {
                int pending = 0;
                for (ArticleRow row : rows) {
                    insert.setLong(1, row.ticket());
                    insert.setString(2, row.channelId());
                    insert.setString(3, row.type());
                    insert.setString(4, row.messageId());
                    insert.setString(5, row.text());
                    insert.setString(6, row.json());
                    insert.setTimestamp(7, Timestamp.from(row.sentAt()));
                    insert.setTimestamp(8, now);
                    insert.addBatch();
                    if (++pending == batch) {
                        insert.executeBatch();
                        c.commit();
                        transactions++;
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                    c.commit();
                    transactions++;
                }
            }
        }
        return new Result(name, rows.size(), (System.nanoTime() - began) / 1e9, transactions);
    }

    // ------------------------------------------------------------------------------ the service's statements

    private static final String TICKET_COLUMNS = "id, channel_id, customer_id, state, group_name, created_at, updated_at";
    private static final String ARTICLE_COLUMNS = "id, ticket_id, channel_id, direction, type, message_id, request_id,"
            + " status, text, content::text, error_code, error_title, error_message, sent_at, created_at";

    /**
     * The service's statements for each event, one round trip each, {@code perTransaction} events per transaction, on
     * {@code connections} connections, each taking the partitions a listener thread of the service would get (range
     * assignment of {@code partitions} partitions).
     */
    Result serviceStatements(String name, List<InboundEvents.Event> events, int partitions, int connections,
                             int perTransaction, AtomicLong statements) throws Exception {
        return run(name, events, partitions, connections, perTransaction, statements, (c, chunk, count) -> {
            for (InboundEvents.Event e : chunk) {
                handle(c, e.message(), count);
            }
        });
    }

    /**
     * A prototype of the change proposed for the service: each batch of {@code perTransaction} events handled
     * set-based, a dozen statements per batch instead of about eight per event ({@link #handleBatch}); otherwise as
     * {@link #serviceStatements}.
     */
    Result setBased(String name, List<InboundEvents.Event> events, int partitions, int connections, int perTransaction,
                    AtomicLong statements) throws Exception {
        return run(name, events, partitions, connections, perTransaction, statements, this::handleBatch);
    }

    @FunctionalInterface
    private interface ChunkHandler {
        void apply(Connection c, List<InboundEvents.Event> chunk, AtomicLong statements) throws SQLException;
    }

    private Result run(String name, List<InboundEvents.Event> events, int partitions, int connections,
                       int perTransaction, AtomicLong statements, ChunkHandler handler) throws Exception {
        List<List<InboundEvents.Event>> shares = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            shares.add(new ArrayList<>());
        }
        for (InboundEvents.Event e : events) {
            int partition = Utils.toPositive(Utils.murmur2(e.key().getBytes(StandardCharsets.UTF_8))) % partitions;
            shares.get(Math.min(connections - 1, partition * connections / partitions)).add(e);
        }
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicLong transactions = new AtomicLong();
        long began = System.nanoTime();
        for (List<InboundEvents.Event> share : shares) {
            Thread t = new Thread(() -> {
                try (Connection c = postgres.connect(DATABASE)) {
                    c.setAutoCommit(false);
                    for (int from = 0; from < share.size(); from += perTransaction) {
                        handler.apply(c, share.subList(from, Math.min(share.size(), from + perTransaction)), statements);
                        c.commit();
                        transactions.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "bench-sql-" + threads.size());
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(name + " baseline failed", failures.get(0));
        }
        return new Result(name, events.size(), (System.nanoTime() - began) / 1e9, transactions.get());
    }

    /** Rows per table, for comparing two baselines that must write the same. */
    Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("conversation", "ticket", "article", "reaction", "outbox")) {
            counts.put(table, postgres.count(DATABASE, "select count(*) from " + table));
        }
        return counts;
    }

    /** InboundMessages.handle, statement for statement. */
    private void handle(Connection c, InboundMessage m, AtomicLong statements) throws SQLException {
        String channelId = m.getChannelId();
        String customerId = Keys.customerId(m.getCustomer());
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp sentAt = Timestamp.from(m.getSentAt());
        statements.incrementAndGet();
        try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from article where channel_id = ? and message_id = ?)")) {
            ps.setString(1, channelId);
            ps.setString(2, m.getMessageId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
        }
        if (m.getType() == InboundMessageType.REACTION && m.getReaction() != null) {
            Long article = null;
            Long ticketOfArticle = null;
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("select " + ARTICLE_COLUMNS + " from article where channel_id = ? and message_id = ?")) {
                ps.setString(1, channelId);
                ps.setString(2, m.getReaction().getMessageId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        article = rs.getLong(1);
                        ticketOfArticle = rs.getLong(2);
                        readColumns(rs, 15);
                    }
                }
            }
            if (article != null) {
                String emoji = m.getReaction().getEmoji() == null ? "" : m.getReaction().getEmoji();
                statements.incrementAndGet();
                int changed;
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into reaction (article_id, reactor, emoji, reacted_at) values (?, ?, ?, ?)
                        on conflict (article_id, reactor) do update set emoji = excluded.emoji, reacted_at = excluded.reacted_at
                        where reaction.reacted_at < excluded.reacted_at
                        """)) {
                    ps.setLong(1, article);
                    ps.setString(2, customerId);
                    ps.setString(3, emoji);
                    ps.setTimestamp(4, sentAt);
                    changed = ps.executeUpdate();
                }
                if (changed == 1) {
                    customerWrote(c, channelId, customerId, sentAt, statements);
                    touch(c, ticketOfArticle, now, statements);
                }
                return;
            }
        }
        InboundEvents.Channel channel = channels.get(channelId);
        // upsertConversation
        statements.incrementAndGet();
        String waId;
        String userId;
        String name;
        try (PreparedStatement ps = c.prepareStatement("""
                insert into conversation (channel_id, customer_id, wa_id, user_id, name, created_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (channel_id, customer_id) do update set
                    wa_id = coalesce(excluded.wa_id, conversation.wa_id),
                    user_id = coalesce(excluded.user_id, conversation.user_id),
                    name = coalesce(excluded.name, conversation.name)
                returning channel_id, customer_id, wa_id, user_id, name, last_customer_message_at, opted_out,
                          welcomed, (xmax = 0) as created
                """)) {
            ps.setString(1, channelId);
            ps.setString(2, customerId);
            setString(ps, 3, m.getCustomer().getWaId());
            setString(ps, 4, m.getCustomer().getUserId());
            setString(ps, 5, m.getCustomer().getName());
            ps.setTimestamp(6, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                waId = rs.getString(3);
                userId = rs.getString(4);
                name = rs.getString(5);
                readColumns(rs, 9);
            }
        }
        Customer customer = Customer.newBuilder().setWaId(waId).setUserId(userId).setName(name).build();
        // ticketFor: the open ticket, or a new one
        long ticket = -1;
        String group = null;
        statements.incrementAndGet();
        try (PreparedStatement ps = c.prepareStatement("select " + TICKET_COLUMNS + " from ticket where channel_id = ? and customer_id = ? and state = 'open'")) {
            ps.setString(1, channelId);
            ps.setString(2, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    ticket = rs.getLong(1);
                    group = rs.getString(5);
                    readColumns(rs, 7);
                }
            }
        }
        if (ticket < 0) {
            group = channel.group() == null ? channelId : channel.group();
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("insert into ticket (channel_id, customer_id, state, group_name, created_at, updated_at)"
                    + " values (?, ?, 'open', ?, ?, ?) returning " + TICKET_COLUMNS)) {
                ps.setString(1, channelId);
                ps.setString(2, customerId);
                ps.setString(3, group);
                ps.setTimestamp(4, now);
                ps.setTimestamp(5, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ticket = rs.getLong(1);
                    readColumns(rs, 7);
                }
            }
            outbox(c, Topics.TICKET_EVENTS.name(), Keys.conversation(channelId, customerId),
                    ticketEvent(TicketEventType.TICKET_OPENED, ticket, channelId, customer, group, null), statements);
        }
        ArticleContent content = ArticleContent.of(m);
        Long article = null;
        statements.incrementAndGet();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into article (ticket_id, channel_id, direction, type, message_id, status, text, content,
                                     sent_at, created_at)
                values (?, ?, 'inbound', ?, ?, 'received', ?, cast(? as jsonb), ?, ?)
                on conflict (channel_id, message_id) do nothing
                returning id
                """)) {
            ps.setLong(1, ticket);
            ps.setString(2, channelId);
            ps.setString(3, content.type());
            ps.setString(4, m.getMessageId());
            setString(ps, 5, content.text());
            ps.setString(6, content.json());
            ps.setTimestamp(7, sentAt);
            ps.setTimestamp(8, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    article = rs.getLong(1);
                }
            }
        }
        if (article == null) {
            return;
        }
        customerWrote(c, channelId, customerId, sentAt, statements);
        touch(c, ticket, now, statements);
        outbox(c, Topics.TICKET_EVENTS.name(), Keys.conversation(channelId, customerId),
                ticketEvent(TicketEventType.ARTICLE_ADDED, ticket, channelId, customer, group,
                        ArticleSummary.newBuilder().setArticleId(String.valueOf(article)).setDirection(ArticleDirection.INBOUND)
                                .setType(content.type()).setMessageId(m.getMessageId()).setStatus(ArticleStatus.RECEIVED)
                                .setText(content.text()).build()), statements);
        if (m.getType() == InboundMessageType.TEXT && m.getText() != null) {
            String word = m.getText().trim().toUpperCase(Locale.ROOT);
            boolean optOut = word.equals("STOP") || word.equals("UNSUBSCRIBE");
            if (optOut || word.equals("START")) {
                statements.incrementAndGet();
                int changed;
                try (PreparedStatement ps = c.prepareStatement("""
                        update conversation set opted_out = ?, opted_changed_at = ?
                        where channel_id = ? and customer_id = ?
                          and (opted_changed_at is null or opted_changed_at < ?) and opted_out <> ?
                        """)) {
                    ps.setBoolean(1, optOut);
                    ps.setTimestamp(2, sentAt);
                    ps.setString(3, channelId);
                    ps.setString(4, customerId);
                    ps.setTimestamp(5, sentAt);
                    ps.setBoolean(6, optOut);
                    changed = ps.executeUpdate();
                }
                if (changed == 1) {
                    outbox(c, Topics.TICKET_EVENTS.name(), Keys.conversation(channelId, customerId),
                            ticketEvent(optOut ? TicketEventType.CUSTOMER_OPTED_OUT : TicketEventType.CUSTOMER_OPTED_IN,
                                    ticket, channelId, customer, group, null), statements);
                }
            }
        }
        if (channel.welcomes()) {
            statements.incrementAndGet();
            int changed;
            try (PreparedStatement ps = c.prepareStatement("update conversation set welcomed = true where channel_id = ? and customer_id = ? and not welcomed")) {
                ps.setString(1, channelId);
                ps.setString(2, customerId);
                changed = ps.executeUpdate();
            }
            if (changed == 1) {
                String requestId = "welcome:" + channelId + ":" + customerId;
                long outbound;
                statements.incrementAndGet();
                try (PreparedStatement ps = c.prepareStatement("insert into article (ticket_id, channel_id, direction, type, request_id, status, text, content,"
                        + " created_at) values (?, ?, 'outbound', ?, ?, 'pending', ?, cast(? as jsonb), ?)"
                        + " returning " + ARTICLE_COLUMNS)) {
                    ps.setLong(1, ticket);
                    ps.setString(2, channelId);
                    ps.setString(3, "text");
                    ps.setString(4, requestId);
                    ps.setString(5, channel.welcomeMessage());
                    ps.setString(6, "{}");
                    ps.setTimestamp(7, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        outbound = rs.getLong(1);
                        readColumns(rs, 15);
                    }
                }
                outbox(c, Topics.OUTBOUND_REQUESTS.name(), Keys.channel(channelId), OutboundRequest.newBuilder()
                        .setRequestId(requestId).setKind(OutboundKind.WELCOME).setChannelId(channelId)
                        .setRecipient(m.getCustomer()).setRequestedAt(now.toInstant())
                        .setNotAfter(m.getSentAt().plusSeconds(86_400)).setType(OutboundType.TEXT)
                        .setText(OutboundText.newBuilder().setBody(channel.welcomeMessage()).build())
                        .setTicketId(String.valueOf(ticket)).setArticleId(String.valueOf(outbound)).build(), statements);
                outbox(c, Topics.TICKET_EVENTS.name(), Keys.conversation(channelId, customerId),
                        ticketEvent(TicketEventType.ARTICLE_ADDED, ticket, channelId, customer, group,
                                ArticleSummary.newBuilder().setArticleId(String.valueOf(outbound))
                                        .setDirection(ArticleDirection.OUTBOUND).setType("text")
                                        .setStatus(ArticleStatus.PENDING).setText(channel.welcomeMessage()).build()),
                        statements);
            }
        }
    }

    private static void customerWrote(Connection c, String channelId, String customerId, Timestamp sentAt,
                                      AtomicLong statements) throws SQLException {
        statements.incrementAndGet();
        try (PreparedStatement ps = c.prepareStatement("""
                update conversation set last_customer_message_at = greatest(last_customer_message_at, ?)
                where channel_id = ? and customer_id = ?
                """)) {
            ps.setTimestamp(1, sentAt);
            ps.setString(2, channelId);
            ps.setString(3, customerId);
            ps.executeUpdate();
        }
    }

    private static void touch(Connection c, long ticket, Timestamp now, AtomicLong statements) throws SQLException {
        statements.incrementAndGet();
        try (PreparedStatement ps = c.prepareStatement("update ticket set updated_at = greatest(updated_at, ?) where id = ?")) {
            ps.setTimestamp(1, now);
            ps.setLong(2, ticket);
            ps.executeUpdate();
        }
    }

    private void outbox(Connection c, String topic, String key, SpecificRecord record, AtomicLong statements)
            throws SQLException {
        byte[] payload = serializer.serialize(topic, record);
        statements.incrementAndGet();
        try (PreparedStatement ps = c.prepareStatement("insert into outbox (topic, record_key, payload) values (?, ?, ?)")) {
            ps.setString(1, topic);
            ps.setString(2, key);
            ps.setBytes(3, payload);
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------------------ set-based prototype

    /**
     * One batch, set-based: what {@code InboundMessages.handle} does for each event, done for all of them at once with
     * arrays (unnest), in this order: which messages are stored already; which reactions land on a known article; one
     * upsert of the batch's conversations; their open tickets, one insert of the missing ones; one insert of the
     * articles; one upsert of the reactions; one update of the conversations' window start and one of the tickets'
     * activity; opt-out/opt-in (rare: one statement each, as now); one update marking the welcomed conversations and
     * one insert of their welcome articles; one insert of all outbox rows, in the order the service writes them.
     * Differences, acceptable for measuring: a ticket event carries the customer's names as of the end of its batch,
     * and a closed ticket is never reopened here (no ticket is closed in this benchmark).
     */
    private void handleBatch(Connection c, List<InboundEvents.Event> chunk, AtomicLong statements) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        // the first occurrence of each message in the batch, minus those stored already
        Map<String, InboundMessage> byId = new LinkedHashMap<>();
        for (InboundEvents.Event e : chunk) {
            byId.putIfAbsent(e.message().getChannelId() + " " + e.message().getMessageId(), e.message());
        }
        Set<String> stored = new HashSet<>();
        statements.incrementAndGet();
        try (PreparedStatement ps = c.prepareStatement("select channel_id, message_id from article"
                + " where (channel_id, message_id) in (select * from unnest(?::text[], ?::text[]))")) {
            ps.setArray(1, c.createArrayOf("text", byId.values().stream().map(InboundMessage::getChannelId).toArray()));
            ps.setArray(2, c.createArrayOf("text", byId.values().stream().map(InboundMessage::getMessageId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        List<InboundMessage> fresh = byId.entrySet().stream().filter(e -> !stored.contains(e.getKey()))
                .map(Map.Entry::getValue).toList();
        // reactions: to an article stored before (looked up) or written earlier in this batch
        Map<String, long[]> known = new HashMap<>(); // "channel messageId" -> {article id, ticket id}
        List<InboundMessage> reactions = fresh.stream()
                .filter(m -> m.getType() == InboundMessageType.REACTION && m.getReaction() != null).toList();
        if (!reactions.isEmpty()) {
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("select id, ticket_id, channel_id, message_id from article"
                    + " where (channel_id, message_id) in (select * from unnest(?::text[], ?::text[]))")) {
                ps.setArray(1, c.createArrayOf("text", reactions.stream().map(InboundMessage::getChannelId).toArray()));
                ps.setArray(2, c.createArrayOf("text", reactions.stream().map(m -> m.getReaction().getMessageId()).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        known.put(rs.getString(3) + " " + rs.getString(4), new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                }
            }
        }
        List<InboundMessage> articles = new ArrayList<>();
        List<InboundMessage> onKnown = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        for (InboundMessage m : fresh) {
            boolean reaction = m.getType() == InboundMessageType.REACTION && m.getReaction() != null;
            String target = reaction ? m.getChannelId() + " " + m.getReaction().getMessageId() : null;
            if (reaction && (known.containsKey(target) || inBatch.contains(target))) {
                onKnown.add(m);
            } else {
                articles.add(m);
                inBatch.add(m.getChannelId() + " " + m.getMessageId());
            }
        }
        // conversations: one upsert, names as the last message of the batch that has them
        Map<String, String[]> conversations = new LinkedHashMap<>();
        for (InboundMessage m : articles) {
            String key = m.getChannelId() + " " + Keys.customerId(m.getCustomer());
            String[] row = conversations.computeIfAbsent(key, k -> new String[] {m.getChannelId(),
                    Keys.customerId(m.getCustomer()), null, null, null});
            Customer customer = m.getCustomer();
            row[2] = customer.getWaId() != null ? customer.getWaId() : row[2];
            row[3] = customer.getUserId() != null ? customer.getUserId() : row[3];
            row[4] = customer.getName() != null ? customer.getName() : row[4];
        }
        Map<String, Customer> customers = new HashMap<>();
        if (!conversations.isEmpty()) {
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into conversation (channel_id, customer_id, wa_id, user_id, name, created_at)
                    select ch, cu, wa, us, nm, ? from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        as v(ch, cu, wa, us, nm)
                    on conflict (channel_id, customer_id) do update set
                        wa_id = coalesce(excluded.wa_id, conversation.wa_id),
                        user_id = coalesce(excluded.user_id, conversation.user_id),
                        name = coalesce(excluded.name, conversation.name)
                    returning channel_id, customer_id, wa_id, user_id, name
                    """)) {
                ps.setTimestamp(1, now);
                for (int i = 0; i < 5; i++) {
                    final int column = i;
                    ps.setArray(2 + i, c.createArrayOf("text", conversations.values().stream().map(r -> r[column]).toArray()));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        customers.put(rs.getString(1) + " " + rs.getString(2), Customer.newBuilder()
                                .setWaId(rs.getString(3)).setUserId(rs.getString(4)).setName(rs.getString(5)).build());
                    }
                }
            }
        }
        // open tickets, and one insert of the missing ones
        Map<String, long[]> tickets = new HashMap<>(); // conversation -> {ticket id}
        Map<String, String> groups = new HashMap<>();
        if (!conversations.isEmpty()) {
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("select id, channel_id, customer_id, group_name from ticket"
                    + " where state = 'open' and (channel_id, customer_id) in (select * from unnest(?::text[], ?::text[]))")) {
                ps.setArray(1, c.createArrayOf("text", conversations.values().stream().map(r -> r[0]).toArray()));
                ps.setArray(2, c.createArrayOf("text", conversations.values().stream().map(r -> r[1]).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(2) + " " + rs.getString(3);
                        tickets.put(key, new long[] {rs.getLong(1)});
                        groups.put(key, rs.getString(4));
                    }
                }
            }
        }
        List<String[]> missing = conversations.entrySet().stream().filter(e -> !tickets.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        Set<String> opened = new HashSet<>();
        if (!missing.isEmpty()) {
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into ticket (channel_id, customer_id, state, group_name, created_at, updated_at)
                    select ch, cu, 'open', gr, ?, ? from unnest(?::text[], ?::text[], ?::text[]) with ordinality
                        as v(ch, cu, gr, n) order by n
                    returning id, channel_id, customer_id, group_name
                    """)) {
                ps.setTimestamp(1, now);
                ps.setTimestamp(2, now);
                ps.setArray(3, c.createArrayOf("text", missing.stream().map(r -> r[0]).toArray()));
                ps.setArray(4, c.createArrayOf("text", missing.stream().map(r -> r[1]).toArray()));
                ps.setArray(5, c.createArrayOf("text", missing.stream().map(r -> {
                    InboundEvents.Channel channel = channels.get(r[0]);
                    return channel.group() == null ? r[0] : channel.group();
                }).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(2) + " " + rs.getString(3);
                        tickets.put(key, new long[] {rs.getLong(1)});
                        groups.put(key, rs.getString(4));
                        opened.add(key);
                    }
                }
            }
        }
        // the articles, one insert
        Map<String, Long> articleIds = new HashMap<>();
        Map<String, ArticleContent> contents = new HashMap<>();
        if (!articles.isEmpty()) {
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into article (ticket_id, channel_id, direction, type, message_id, status, text, content,
                                         sent_at, created_at)
                    select t, ch, 'inbound', ty, mi, 'received', tx, co::jsonb, sa::timestamptz, ?
                    from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        with ordinality as v(t, ch, ty, mi, tx, co, sa, n)
                    order by n
                    on conflict (channel_id, message_id) do nothing
                    returning id, channel_id, message_id
                    """)) {
                List<Object> ticketIds = new ArrayList<>();
                List<Object> types = new ArrayList<>();
                List<Object> texts = new ArrayList<>();
                List<Object> jsons = new ArrayList<>();
                for (InboundMessage m : articles) {
                    ArticleContent content = ArticleContent.of(m);
                    contents.put(m.getChannelId() + " " + m.getMessageId(), content);
                    ticketIds.add(tickets.get(m.getChannelId() + " " + Keys.customerId(m.getCustomer()))[0]);
                    types.add(content.type());
                    texts.add(content.text());
                    jsons.add(content.json());
                }
                ps.setTimestamp(1, now);
                ps.setArray(2, c.createArrayOf("bigint", ticketIds.toArray()));
                ps.setArray(3, c.createArrayOf("text", articles.stream().map(InboundMessage::getChannelId).toArray()));
                ps.setArray(4, c.createArrayOf("text", types.toArray()));
                ps.setArray(5, c.createArrayOf("text", articles.stream().map(InboundMessage::getMessageId).toArray()));
                ps.setArray(6, c.createArrayOf("text", texts.toArray()));
                ps.setArray(7, c.createArrayOf("text", jsons.toArray()));
                ps.setArray(8, c.createArrayOf("text", articles.stream().map(m -> m.getSentAt().toString()).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        articleIds.put(rs.getString(2) + " " + rs.getString(3), rs.getLong(1));
                    }
                }
            }
        }
        // reactions on known articles: one upsert (the newest per article and reactor, as applying them in order would)
        Map<String, Instant> wrote = new LinkedHashMap<>(); // conversation -> newest message that changed something
        Set<Long> touched = new HashSet<>();
        for (InboundMessage m : articles) {
            if (articleIds.containsKey(m.getChannelId() + " " + m.getMessageId())) {
                wrote.merge(m.getChannelId() + " " + Keys.customerId(m.getCustomer()), m.getSentAt(),
                        (a, b) -> a.isAfter(b) ? a : b);
                touched.add(tickets.get(m.getChannelId() + " " + Keys.customerId(m.getCustomer()))[0]);
            }
        }
        if (!onKnown.isEmpty()) {
            Map<String, Object[]> newest = new LinkedHashMap<>(); // "article reactor" -> {article, reactor, emoji, at, ticket, conv}
            for (InboundMessage m : onKnown) {
                String target = m.getChannelId() + " " + m.getReaction().getMessageId();
                long[] article = known.get(target);
                long articleId = article != null ? article[0] : articleIds.get(target);
                long ticketId = article != null ? article[1]
                        : tickets.get(m.getChannelId() + " " + Keys.customerId(m.getCustomer()))[0];
                String reactor = Keys.customerId(m.getCustomer());
                newest.put(articleId + " " + reactor, new Object[] {articleId, reactor,
                        m.getReaction().getEmoji() == null ? "" : m.getReaction().getEmoji(), m.getSentAt(), ticketId,
                        m.getChannelId() + " " + reactor});
            }
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into reaction (article_id, reactor, emoji, reacted_at)
                    select a, r, e, t::timestamptz from unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) as v(a, r, e, t)
                    on conflict (article_id, reactor) do update set emoji = excluded.emoji, reacted_at = excluded.reacted_at
                    where reaction.reacted_at < excluded.reacted_at
                    returning article_id, reactor
                    """)) {
                ps.setArray(1, c.createArrayOf("bigint", newest.values().stream().map(r -> r[0]).toArray()));
                ps.setArray(2, c.createArrayOf("text", newest.values().stream().map(r -> r[1]).toArray()));
                ps.setArray(3, c.createArrayOf("text", newest.values().stream().map(r -> r[2]).toArray()));
                ps.setArray(4, c.createArrayOf("text", newest.values().stream().map(r -> r[3].toString()).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] r = newest.get(rs.getLong(1) + " " + rs.getString(2));
                        wrote.merge((String) r[5], (Instant) r[3], (a, b) -> a.isAfter(b) ? a : b);
                        touched.add((Long) r[4]);
                    }
                }
            }
        }
        // the window's start and the tickets' activity: one update each
        if (!wrote.isEmpty()) {
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("""
                    update conversation c set last_customer_message_at = greatest(c.last_customer_message_at, v.t::timestamptz)
                    from unnest(?::text[], ?::text[], ?::text[]) as v(ch, cu, t)
                    where c.channel_id = v.ch and c.customer_id = v.cu
                    """)) {
                ps.setArray(1, c.createArrayOf("text", wrote.keySet().stream().map(k -> k.substring(0, k.indexOf(' '))).toArray()));
                ps.setArray(2, c.createArrayOf("text", wrote.keySet().stream().map(k -> k.substring(k.indexOf(' ') + 1)).toArray()));
                ps.setArray(3, c.createArrayOf("text", wrote.values().stream().map(Instant::toString).toArray()));
                ps.executeUpdate();
            }
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement(
                    "update ticket set updated_at = greatest(updated_at, ?) where id = any(?::bigint[])")) {
                ps.setTimestamp(1, now);
                ps.setArray(2, c.createArrayOf("bigint", touched.toArray()));
                ps.executeUpdate();
            }
        }
        // opt-out / opt-in: rare, one statement each, as now
        Map<String, TicketEventType> optEvents = new HashMap<>(); // message -> event
        for (InboundMessage m : articles) {
            String id = m.getChannelId() + " " + m.getMessageId();
            if (!articleIds.containsKey(id) || m.getType() != InboundMessageType.TEXT || m.getText() == null) {
                continue;
            }
            String word = m.getText().trim().toUpperCase(Locale.ROOT);
            boolean optOut = word.equals("STOP") || word.equals("UNSUBSCRIBE");
            if (optOut || word.equals("START")) {
                statements.incrementAndGet();
                try (PreparedStatement ps = c.prepareStatement("""
                        update conversation set opted_out = ?, opted_changed_at = ?
                        where channel_id = ? and customer_id = ?
                          and (opted_changed_at is null or opted_changed_at < ?) and opted_out <> ?
                        """)) {
                    ps.setBoolean(1, optOut);
                    ps.setTimestamp(2, Timestamp.from(m.getSentAt()));
                    ps.setString(3, m.getChannelId());
                    ps.setString(4, Keys.customerId(m.getCustomer()));
                    ps.setTimestamp(5, Timestamp.from(m.getSentAt()));
                    ps.setBoolean(6, optOut);
                    if (ps.executeUpdate() == 1) {
                        optEvents.put(id, optOut ? TicketEventType.CUSTOMER_OPTED_OUT : TicketEventType.CUSTOMER_OPTED_IN);
                    }
                }
            }
        }
        // welcome: one update marks the conversations, one insert writes their welcome articles
        List<String> welcoming = wrote.keySet().stream()
                .filter(k -> channels.get(k.substring(0, k.indexOf(' '))).welcomes())
                .filter(k -> conversations.containsKey(k)).toList();
        Map<String, Long> welcomes = new HashMap<>(); // conversation -> outbound article id
        if (!welcoming.isEmpty()) {
            List<String> welcomed = new ArrayList<>();
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("update conversation set welcomed = true"
                    + " where (channel_id, customer_id) in (select * from unnest(?::text[], ?::text[])) and not welcomed"
                    + " returning channel_id, customer_id")) {
                ps.setArray(1, c.createArrayOf("text", welcoming.stream().map(k -> k.substring(0, k.indexOf(' '))).toArray()));
                ps.setArray(2, c.createArrayOf("text", welcoming.stream().map(k -> k.substring(k.indexOf(' ') + 1)).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        welcomed.add(rs.getString(1) + " " + rs.getString(2));
                    }
                }
            }
            if (!welcomed.isEmpty()) {
                statements.incrementAndGet();
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into article (ticket_id, channel_id, direction, type, request_id, status, text, content,
                                             created_at)
                        select t, ch, 'outbound', 'text', rq, 'pending', tx, '{}'::jsonb, ?
                        from unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) as v(t, ch, rq, tx)
                        returning id, channel_id, request_id
                        """)) {
                    ps.setTimestamp(1, now);
                    ps.setArray(2, c.createArrayOf("bigint", welcomed.stream().map(k -> tickets.get(k)[0]).toArray()));
                    ps.setArray(3, c.createArrayOf("text", welcomed.stream().map(k -> k.substring(0, k.indexOf(' '))).toArray()));
                    ps.setArray(4, c.createArrayOf("text", welcomed.stream()
                            .map(k -> "welcome:" + k.substring(0, k.indexOf(' ')) + ":" + k.substring(k.indexOf(' ') + 1)).toArray()));
                    ps.setArray(5, c.createArrayOf("text", welcomed.stream()
                            .map(k -> channels.get(k.substring(0, k.indexOf(' '))).welcomeMessage()).toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String request = rs.getString(3);
                            welcomes.put(rs.getString(2) + " " + request.substring(request.lastIndexOf(':') + 1), rs.getLong(1));
                        }
                    }
                }
            }
        }
        // the outbox: every record of the batch in the order the service writes them, one insert
        List<Object> topics = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        Set<String> announced = new HashSet<>();
        for (InboundMessage m : articles) {
            String id = m.getChannelId() + " " + m.getMessageId();
            Long article = articleIds.get(id);
            if (article == null) {
                continue;
            }
            String customerId = Keys.customerId(m.getCustomer());
            String conversation = m.getChannelId() + " " + customerId;
            String key = Keys.conversation(m.getChannelId(), customerId);
            long ticket = tickets.get(conversation)[0];
            String group = groups.get(conversation);
            Customer customer = customers.get(conversation);
            if (opened.contains(conversation) && announced.add(conversation)) {
                add(topics, keys, payloads, Topics.TICKET_EVENTS.name(), key,
                        ticketEvent(TicketEventType.TICKET_OPENED, ticket, m.getChannelId(), customer, group, null));
            }
            ArticleContent content = contents.get(id);
            add(topics, keys, payloads, Topics.TICKET_EVENTS.name(), key,
                    ticketEvent(TicketEventType.ARTICLE_ADDED, ticket, m.getChannelId(), customer, group,
                            ArticleSummary.newBuilder().setArticleId(String.valueOf(article)).setDirection(ArticleDirection.INBOUND)
                                    .setType(content.type()).setMessageId(m.getMessageId()).setStatus(ArticleStatus.RECEIVED)
                                    .setText(content.text()).build()));
            TicketEventType opt = optEvents.get(id);
            if (opt != null) {
                add(topics, keys, payloads, Topics.TICKET_EVENTS.name(), key,
                        ticketEvent(opt, ticket, m.getChannelId(), customer, group, null));
            }
            Long welcome = welcomes.remove(conversation);
            if (welcome != null) {
                InboundEvents.Channel channel = channels.get(m.getChannelId());
                String requestId = "welcome:" + m.getChannelId() + ":" + customerId;
                add(topics, keys, payloads, Topics.OUTBOUND_REQUESTS.name(), Keys.channel(m.getChannelId()),
                        OutboundRequest.newBuilder().setRequestId(requestId).setKind(OutboundKind.WELCOME)
                                .setChannelId(m.getChannelId()).setRecipient(m.getCustomer()).setRequestedAt(now.toInstant())
                                .setNotAfter(m.getSentAt().plusSeconds(86_400)).setType(OutboundType.TEXT)
                                .setText(OutboundText.newBuilder().setBody(channel.welcomeMessage()).build())
                                .setTicketId(String.valueOf(ticket)).setArticleId(String.valueOf(welcome)).build());
                add(topics, keys, payloads, Topics.TICKET_EVENTS.name(), key,
                        ticketEvent(TicketEventType.ARTICLE_ADDED, ticket, m.getChannelId(), customer, group,
                                ArticleSummary.newBuilder().setArticleId(String.valueOf(welcome))
                                        .setDirection(ArticleDirection.OUTBOUND).setType("text")
                                        .setStatus(ArticleStatus.PENDING).setText(channel.welcomeMessage()).build()));
            }
        }
        if (!topics.isEmpty()) {
            statements.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into outbox (topic, record_key, payload)
                    select tp, k, p from unnest(?::text[], ?::text[], ?::bytea[]) with ordinality as v(tp, k, p, n)
                    order by n
                    """)) {
                ps.setArray(1, c.createArrayOf("text", topics.toArray()));
                ps.setArray(2, c.createArrayOf("text", keys.toArray()));
                ps.setArray(3, c.createArrayOf("bytea", payloads.toArray(new byte[0][])));
                ps.executeUpdate();
            }
        }
    }

    private void add(List<Object> topics, List<Object> keys, List<byte[]> payloads, String topic, String key,
                     SpecificRecord record) {
        topics.add(topic);
        keys.add(key);
        payloads.add(serializer.serialize(topic, record));
    }

    private static TicketEvent ticketEvent(TicketEventType type, long ticket, String channelId, Customer customer,
                                           String group, ArticleSummary article) {
        return TicketEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setType(type)
                .setTicketId(String.valueOf(ticket))
                .setChannelId(channelId)
                .setCustomer(customer)
                .setState(TicketState.OPEN)
                .setGroup(group)
                .setOccurredAt(Instant.now())
                .setArticle(article)
                .build();
    }

    private static void setString(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /** Reads every column, as the service's row mappers do. */
    private static void readColumns(ResultSet rs, int columns) throws SQLException {
        for (int i = 1; i <= columns; i++) {
            rs.getObject(i);
        }
    }

    private static Properties rewrite(boolean on) {
        Properties p = new Properties();
        p.setProperty("reWriteBatchedInserts", String.valueOf(on));
        return p;
    }
}
