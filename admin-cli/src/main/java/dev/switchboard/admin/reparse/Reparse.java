package dev.switchboard.admin.reparse;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.ingress.webhook.ParsedWebhook.KeyedEvent;

/**
 * The rules of {@code reparse}, in plain Java: what a raw body yields now, what was published for it then, and which
 * events are missing. An event is "the same" when consumers would take it for the same: a message by its message id,
 * a status by message id and status, an account event by field, account, time and value (event ids are new on every
 * parse, so they do not count).
 */
final class Reparse {

    private Reparse() {
    }

    enum Kind {
        MESSAGE("message", "messages"), STATUS("status", "statuses"), ACCOUNT_EVENT("account event", "account events");

        private final String one;
        private final String many;

        Kind(String one, String many) {
            this.one = one;
            this.many = many;
        }

        static Kind of(SpecificRecord event) {
            if (event instanceof InboundMessage) {
                return MESSAGE;
            }
            if (event instanceof MessageStatus) {
                return STATUS;
            }
            if (event instanceof AccountEvent) {
                return ACCOUNT_EVENT;
            }
            throw new IllegalArgumentException("not a typed webhook event: " + event.getClass().getName());
        }
    }

    /** The raw webhook a typed event came from, or null for a record of another type. */
    static String rawWebhookIdOf(SpecificRecord event) {
        if (event instanceof InboundMessage message) {
            return message.getRawWebhookId();
        }
        if (event instanceof MessageStatus status) {
            return status.getRawWebhookId();
        }
        if (event instanceof AccountEvent account) {
            return account.getRawWebhookId();
        }
        return null;
    }

    /** How the event is named on the output: message id; message id and status; field. */
    static String describe(SpecificRecord event) {
        if (event instanceof InboundMessage message) {
            return "message " + message.getMessageId();
        }
        if (event instanceof MessageStatus status) {
            return "status " + status.getMessageId() + " " + status.getStatus().name().toLowerCase(Locale.ROOT);
        }
        AccountEvent account = (AccountEvent) event;
        return "account event " + account.getField();
    }

    /** What makes two events of one webhook the same event (see the class comment). */
    static String identity(SpecificRecord event) {
        if (event instanceof AccountEvent account) {
            return describe(account) + " " + account.getBusinessAccountId() + " " + account.getOccurredAt() + " "
                    + account.getValueJson();
        }
        return describe(event);
    }

    /** The typed events found on the topics for one raw webhook. */
    static final class Published {

        private final Map<Kind, Set<String>> identities = new EnumMap<>(Kind.class);

        void add(SpecificRecord event) {
            identities.computeIfAbsent(Kind.of(event), k -> new HashSet<>()).add(identity(event));
        }

        boolean contains(SpecificRecord event) {
            return identities.getOrDefault(Kind.of(event), Set.of()).contains(identity(event));
        }

        int count(Kind kind) {
            return identities.getOrDefault(kind, Set.of()).size();
        }
    }

    /**
     * What re-parsing one body found.
     *
     * @param location  where the raw record is ({@code topic-partition@offset})
     * @param notParsed why the body was not parsed (its channel is not in effect), else null
     * @param parsed    the parse, null when not parsed
     * @param then      what the topics hold for this webhook
     * @param missing   the events the parse yields that the topics do not hold
     * @param toPublish what to publish: the missing events, or with {@code --all} every event
     */
    record Finding(RawWebhook raw, String location, String notParsed, ParsedWebhook parsed, Published then,
                   List<KeyedEvent<?>> missing, List<KeyedEvent<?>> toPublish) {

        /** Something needs the operator's eye: the body was not parsed, or the parse reported problems. */
        boolean hasProblems() {
            return notParsed != null || !parsed.problems().isEmpty();
        }

        int yielded() {
            return parsed == null ? 0 : parsed.keyedEvents().size();
        }

        int alreadyPublished() {
            return yielded() - missing.size();
        }

        /** One line: the webhook, what it yields now, what was published then, what is missing, and any problem. */
        String line() {
            StringBuilder line = new StringBuilder()
                    .append(raw.getWebhookId()).append(' ').append(raw.getReceivedAt()).append(' ')
                    .append(raw.getProvider().name().toLowerCase(Locale.ROOT)).append(" (").append(location).append("): ");
            if (notParsed != null) {
                line.append("not parsed: ").append(notParsed).append("; then ").append(counts(then::count));
                return line.toString();
            }
            Map<Kind, Long> now = parsed.keyedEvents().stream()
                    .collect(Collectors.groupingBy(e -> Kind.of(e.event()), () -> new EnumMap<>(Kind.class),
                            Collectors.counting()));
            line.append("now ").append(counts(kind -> now.getOrDefault(kind, 0L).intValue()))
                    .append("; then ").append(counts(then::count))
                    .append("; missing ").append(missing.isEmpty() ? "none"
                            : missing.stream().map(e -> describe(e.event())).collect(Collectors.joining(", ")));
            if (!parsed.problems().isEmpty()) {
                line.append("; problems: ").append(String.join("; ", parsed.problems()));
            }
            return line.toString();
        }

        private static String counts(java.util.function.ToIntFunction<Kind> count) {
            List<String> parts = new ArrayList<>();
            for (Kind kind : Kind.values()) {
                int n = count.applyAsInt(kind);
                parts.add(n + " " + (n == 1 ? kind.one : kind.many));
            }
            return String.join(", ", parts);
        }
    }

    /** Compares a parse with what the topics hold for its webhook. */
    static Finding compare(RawWebhook raw, String location, ParsedWebhook parsed, Published then, boolean all) {
        List<KeyedEvent<?>> yielded = parsed.keyedEvents();
        List<KeyedEvent<?>> missing = yielded.stream().filter(e -> !then.contains(e.event())).toList();
        return new Finding(raw, location, null, parsed, then, missing, all ? yielded : missing);
    }

    /** A body that could not be parsed: reported, nothing published. */
    static Finding notParsed(RawWebhook raw, String location, String why, Published then) {
        return new Finding(raw, location, why, null, then, List.of(), List.of());
    }
}
