package dev.switchboard.local.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.switchboard.local.soak.CountFacts.InboundArticle;
import dev.switchboard.local.soak.CountFacts.OutboundArticle;
import dev.switchboard.local.soak.CountFacts.Sends;

/**
 * The counts, plain Java: the {@link Journal} (what was sent and answered, which faults were caused) against the
 * {@link CountFacts} (what the topics, the ticket database and the provider hold after the drain).
 */
public final class CountRules {

    /** outbound-service's documented crash window: a kill this soon after an accepted send explains a second one. */
    public static final long CRASH_WINDOW_MILLIS = 2_000;

    private final Journal journal;
    private final List<Journal.Webhook> webhooks;
    private final CountFacts facts;

    public CountRules(Journal journal, CountFacts facts) {
        this.journal = journal;
        this.webhooks = journal.webhooks().stream().filter(w -> w.kind() != Journal.WebhookKind.FUZZ).toList();
        this.facts = facts;
    }

    /** Every row of the table, losses and duplicates first among their figures. */
    public List<Report.Row> rows(Driver.Summary load, FuzzSample.Result fuzz) {
        List<Report.Row> rows = new ArrayList<>();
        Map<Long, List<Journal.Webhook>> bySeq = webhooks.stream()
                .collect(Collectors.groupingBy(Journal.Webhook::seq, TreeMap::new, Collectors.toList()));
        List<Journal.Webhook> answered = answered200();
        rows.add(new Report.Row("webhooks sent", bySeq.size(), false, webhooks.size() + " posts with retries"
                + (load == null ? "" : String.format("; %.1f/s achieved, %d customers", load.achievedRate(),
                load.customers()))));
        rows.add(new Report.Row("webhooks answered 200", answered.size(), false,
                (bySeq.size() - answered.size()) + " never answered 200 (not acknowledged: not a loss)"));
        rows.add(new Report.Row("answered 200, body not on the raw topic", notOnRawTopic().size(), true,
                "by SHA-256 of the body on whatsapp.webhooks.raw.v1"));
        rows.add(new Report.Row("answered 200, message not on the inbound topic", notOnInboundTopic().size(), true,
                "message ids on whatsapp.inbound.messages.v1"));
        long parked = facts.deadLetters().values().stream().mapToLong(Long::longValue).sum();
        rows.add(new Report.Row("messages without an article", withoutArticle().size(), true,
                "ticket article (channel, message id), inbound" + (parked > 0 ? "; " + parked + " parked in DLTs" : "")));
        rows.add(new Report.Row("messages stored twice", storedTwice().size(), true,
                "inbound articles per soak:<customer>:<n>"));
        rows.add(new Report.Row("replies stored twice", repliesStoredTwice().size(), true,
                "outbound articles per reply:<n>"));

        List<ReplySends> replies = replySends();
        rows.add(new Report.Row("agent replies to send", replies.size(), false,
                "answered 202, or stored after an unanswered post"));
        List<ReplySends> zero = replies.stream().filter(r -> r.sends().accepted() == 0).toList();
        List<ReplySends> failedVisibly = zero.stream().filter(r -> "failed".equals(r.articleStatus())).toList();
        rows.add(new Report.Row("agent replies sent zero times", zero.size() - failedVisibly.size(), true,
                "no accepted call at the provider, article not failed"));
        rows.add(new Report.Row("agent replies failed, not sent", failedVisibly.size(), false,
                "the agent sees failed (outbound gave up or the window expired): " + failedVisibly.stream()
                        .map(r -> r.error() + " (" + r.sends().refused() + " refused)").distinct().limit(5)
                        .collect(Collectors.joining(", "))));
        Map<String, Sends> replyDuplicates = new LinkedHashMap<>();
        replies.stream().filter(r -> r.sends().accepted() > 1).forEach(r -> replyDuplicates.put(r.token(), r.sends()));
        duplicateRows(rows, "agent replies sent more than once", replyDuplicates);
        duplicateRows(rows, "welcomes sent more than once per customer", severalTimes("welcome:"));
        duplicateRows(rows, "reminders sent more than once per window", severalTimes("reminder:"));
        rows.add(new Report.Row("welcomes sent", sentOnce("welcome:"), false, "customers welcomed"));
        rows.add(new Report.Row("reminders sent", sentOnce("reminder:"), false, "windows reminded"));

        Ordering ordering = ordering(facts.inbound());
        rows.add(new Report.Row("ordering violations", ordering.violations(), true,
                ordering.conversations() + " conversations affected (inbound articles by id vs n)"));
        facts.deadLetters().forEach((topic, count) -> rows.add(new Report.Row("parked in " + topic, count, false,
                "dead-letter records")));
        if (fuzz != null && fuzz.tried() > 0) {
            rows.add(new Report.Row("fuzz sample: bodies posted", fuzz.tried(), false, fuzz.answered200()
                    + " answered 200, " + fuzz.tooLarge() + " 413, " + fuzz.otherAnswers() + " other"));
            rows.add(new Report.Row("fuzz sample: answered 200, not kept", fuzz.notKept(), true, "raw topic"));
            rows.add(new Report.Row("fuzz sample: ingress crashes", fuzz.crashes(), true, "processes that died"));
        }
        return rows;
    }

    /** The duplicates of one kind, split by the documented crash window: the ones inside are a figure. */
    private void duplicateRows(List<Report.Row> rows, String name, Map<String, Sends> duplicates) {
        List<String> inside = new ArrayList<>();
        long outside = 0;
        for (Map.Entry<String, Sends> duplicate : duplicates.entrySet()) {
            List<Long> gaps = crashWindowGaps(duplicate.getValue().acceptedAt(), journal.faults());
            if (gaps == null) {
                outside++;
            } else {
                inside.add(duplicate.getKey() + " kill +" + gaps.stream().map(g -> g + " ms")
                        .collect(Collectors.joining(", +")));
            }
        }
        rows.add(new Report.Row(name + ", inside the crash window", inside.size(), false,
                inside.isEmpty() ? "outbound killed <= 2 s after the first acceptance" : String.join("; ", inside)));
        rows.add(new Report.Row(name + ", outside the crash window", outside, true, outside == 0 ? ""
                : duplicates.entrySet().stream().filter(d -> crashWindowGaps(d.getValue().acceptedAt(),
                        journal.faults()) == null).limit(5).map(Map.Entry::getKey).collect(Collectors.joining(", "))));
    }

    /**
     * Whether a send accepted several times lies in outbound-service's documented crash window: every acceptance but
     * the last was followed, within {@link #CRASH_WINDOW_MILLIS}, by a SIGKILL of an outbound process (the answer was
     * never recorded, so the request was sent again after the restart). Answers the gaps (kill minus acceptance, ms),
     * or null when some repetition is not explained so.
     */
    public static List<Long> crashWindowGaps(List<Long> acceptedAt, List<Journal.Fault> faults) {
        List<Long> kills = faults.stream()
                .filter(f -> f.kind().equalsIgnoreCase("kill") && SoakStack.serviceOf(f.target()).equals("outbound"))
                .map(Journal.Fault::startedAt).sorted().toList();
        List<Long> accepted = acceptedAt.stream().sorted().toList();
        List<Long> gaps = new ArrayList<>();
        for (int i = 0; i < accepted.size() - 1; i++) {
            long at = accepted.get(i);
            Long gap = kills.stream().map(kill -> kill - at).filter(g -> g >= 0 && g <= CRASH_WINDOW_MILLIS)
                    .findFirst().orElse(null);
            if (gap == null) {
                return null;
            }
            gaps.add(gap);
        }
        return gaps;
    }

    /**
     * @param violations inbound articles stored after an article of a later message of the same customer
     * @param conversations customers with at least one
     */
    public record Ordering(long violations, long conversations) {
    }

    /** Per customer (and channel), inbound articles in insertion order (article id) must have increasing n. */
    public static Ordering ordering(List<InboundArticle> inbound) {
        Map<String, Long> highest = new HashMap<>();
        Set<String> affected = new HashSet<>();
        long violations = 0;
        for (InboundArticle article : inbound.stream().sorted(Comparator.comparingLong(InboundArticle::id)).toList()) {
            if (article.customer() == null) {
                continue;
            }
            String conversation = article.channelId() + "|" + article.customer();
            long before = highest.getOrDefault(conversation, 0L);
            if (article.n() < before) {
                violations++;
                affected.add(conversation);
            } else {
                highest.put(conversation, article.n());
            }
        }
        return new Ordering(violations, affected.size());
    }

    /** The attempt answered 200 of each webhook (one per webhook seq). */
    List<Journal.Webhook> answered200() {
        Map<Long, Journal.Webhook> first = new LinkedHashMap<>();
        webhooks.stream().filter(w -> w.status() == 200).forEach(w -> first.putIfAbsent(w.seq(), w));
        return List.copyOf(first.values());
    }

    List<Journal.Webhook> notOnRawTopic() {
        return answered200().stream().filter(w -> !facts.rawBodies().contains(w.bodySha256())).toList();
    }

    /** {@code channel|messageId} of each message of a webhook answered 200 that no inbound record carries. */
    List<String> notOnInboundTopic() {
        return answeredMessages().stream().filter(m -> !facts.inboundMessages().contains(m)).toList();
    }

    List<String> withoutArticle() {
        Set<String> stored = facts.inbound().stream().map(a -> CountFacts.key(a.channelId(), a.messageId()))
                .collect(Collectors.toSet());
        return answeredMessages().stream().filter(m -> !stored.contains(m)).toList();
    }

    private List<String> answeredMessages() {
        return answered200().stream().flatMap(w -> w.messageIds().stream().map(id -> CountFacts.key(w.channelId(), id)))
                .distinct().toList();
    }

    /** {@code soak:<customer>:<n>} tokens with more than one inbound article. */
    List<String> storedTwice() {
        return facts.inbound().stream().filter(a -> a.customer() != null)
                .collect(Collectors.groupingBy(a -> a.channelId() + "|" + a.customer() + ":" + a.n(),
                        Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    }

    /** {@code reply:<n>} tokens with more than one outbound article. */
    List<String> repliesStoredTwice() {
        return facts.outbound().stream().collect(Collectors.groupingBy(OutboundArticle::token, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * A reply that must have reached the provider, and how often it did: by the article's request id (Meta's
     * {@code biz_opaque_callback_data}) when the provider saw it, else by the {@code reply:<n>} token (Twilio).
     */
    public record ReplySends(String token, String articleStatus, String error, Sends sends) {
    }

    /** The replies answered 202, or posted without an answer and found in the database, with their sends. */
    List<ReplySends> replySends() {
        Map<String, OutboundArticle> stored = new HashMap<>();
        facts.outbound().forEach(a -> stored.putIfAbsent(a.token(), a));
        Map<String, List<Journal.Reply>> byToken = journal.replies().stream()
                .collect(Collectors.groupingBy(Journal.Reply::token, TreeMap::new, Collectors.toList()));
        List<ReplySends> replies = new ArrayList<>();
        byToken.forEach((token, attempts) -> {
            boolean accepted = attempts.stream().anyMatch(r -> r.status() == 202);
            OutboundArticle article = stored.get(token);
            if (!accepted && article == null) {
                return;
            }
            Sends sends = article != null && article.requestId() != null && facts.sends().containsKey(article.requestId())
                    ? facts.sends().get(article.requestId()) : facts.sends().getOrDefault(token, Sends.NONE);
            replies.add(new ReplySends(token, article == null ? null : article.status(),
                    article == null ? null : article.error(), sends));
        });
        return replies;
    }

    /** References of one kind ({@code welcome:}, {@code reminder:}) accepted more than once. */
    Map<String, Sends> severalTimes(String prefix) {
        Map<String, Sends> several = new TreeMap<>();
        facts.sends().forEach((reference, sends) -> {
            if (reference.startsWith(prefix) && sends.accepted() > 1) {
                several.put(reference, sends);
            }
        });
        return several;
    }

    private long sentOnce(String prefix) {
        return facts.sends().entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getValue().accepted() > 0)
                .count();
    }
}
