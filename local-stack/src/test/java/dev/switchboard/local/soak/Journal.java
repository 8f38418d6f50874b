package dev.switchboard.local.soak;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * The soak's own log: every attempt the driver made (webhooks, agent replies) and every fault it caused, in memory
 * for the count and appended to {@code journal.jsonl} (one JSON object per line, with its {@code type}) so that a run
 * can be read afterwards. Thread-safe; times are epoch milliseconds.
 */
public final class Journal implements AutoCloseable {

    /** What a webhook carried. */
    public enum WebhookKind {
        /** Meta: one customer message. */
        META_MESSAGE,
        /** Meta: several messages of one customer in one body. */
        META_BATCH,
        /** Meta: statuses (receipts) of messages the platform sent. */
        META_RECEIPT,
        /** Twilio: one customer message (form body). */
        TWILIO_MESSAGE,
        /** Twilio: a status callback. */
        TWILIO_RECEIPT,
        /** Meta: the probe customer's message, one a second, for recovery times. */
        PROBE,
        /** A fuzzed signed body (the fuzz sample): only "kept on the raw topic" is asked of it. */
        FUZZ
    }

    /**
     * One POST of a webhook (a retry of the same bytes is another line with {@code attempt} + 1).
     *
     * @param seq          the webhook's number in the run (the same for its retries)
     * @param customer     the customer's id as the body carries it (wa_id, or the Twilio number without "whatsapp:")
     * @param messageIds   the customer messages' ids (wamid / MessageSid) in body order; empty for receipts
     * @param customerSeqs each message's number in its customer's conversation (1, 2, ...), in the text as
     *                     {@code soak:<customer>:<n>}; same order as messageIds
     * @param bodySha256   hex SHA-256 of the exact bytes posted (what ingress keeps on the raw topic)
     * @param url          where it was posted (which ingress)
     * @param intendedAt   when the open-loop schedule wanted it sent (first attempt) or retried
     * @param status       the HTTP status, or 0 when no answer came (connection refused, timeout)
     */
    public record Webhook(long seq, WebhookKind kind, String channelId, String customer, List<String> messageIds,
                          List<Long> customerSeqs, String bodySha256, String url, int attempt, long intendedAt,
                          long sentAt, long answeredAt, int status) {
    }

    /**
     * One agent reply through the agent API ({@code POST /api/tickets/{id}/articles}); its text carries
     * {@code reply:<seq>}, the token the count finds it by (in the ticket database and at the provider).
     *
     * @param status    the HTTP status, or 0 when no answer came (then whether it was stored is read from the database)
     * @param articleId the article the answer named, or null
     */
    public record Reply(long seq, String channelId, String customer, long ticketId, String token, int attempt,
                        long sentAt, long answeredAt, int status, Long articleId) {
    }

    /**
     * One fault: from {@code startedAt} (the fault begins) to {@code endedAt} (the cure was applied: the killed process
     * was started again and answered ready, the broker or database started, the provider's faults removed).
     *
     * @param kind   kill, broker-restart, database-stop, provider-130429, provider-5xx, provider-timeout, ...
     * @param target the process name (ingress-2...), "kafka", "postgres" or "sandbox"
     */
    public record Fault(String kind, String target, long startedAt, long endedAt, String detail) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Webhook> webhooks = new ArrayList<>();
    private final List<Reply> replies = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final BufferedWriter file;

    public Journal(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.file = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public synchronized void webhook(Webhook webhook) {
        webhooks.add(webhook);
        write("webhook", webhook);
    }

    public synchronized void reply(Reply reply) {
        replies.add(reply);
        write("reply", reply);
    }

    public synchronized void fault(Fault fault) {
        faults.add(fault);
        write("fault", fault);
    }

    public synchronized List<Webhook> webhooks() {
        return List.copyOf(webhooks);
    }

    public synchronized List<Reply> replies() {
        return List.copyOf(replies);
    }

    public synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    private void write(String type, Record entry) {
        try {
            file.write("{\"type\":\"" + type + "\",\"entry\":" + JSON.writeValueAsString(entry) + "}\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
