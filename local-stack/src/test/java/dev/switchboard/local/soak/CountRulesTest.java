package dev.switchboard.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.local.soak.CountFacts.InboundArticle;
import dev.switchboard.local.soak.CountFacts.OutboundArticle;
import dev.switchboard.local.soak.CountFacts.Sends;

/** The counting rules against a made-up journal and made-up final state: what each row counts, what fails a run. */
class CountRulesTest {

    @TempDir
    Path dir;

    private static Journal.Webhook message(long seq, String customer, long n, String sha, int status) {
        return new Journal.Webhook(seq, Journal.WebhookKind.META_MESSAGE, "demo", customer,
                List.of("wamid.soak." + seq + ".0"), List.of(n), sha, "http://localhost:1/webhooks/whatsapp/demo", 1,
                1_000 * seq, 1_000 * seq, 1_000 * seq + 5, status);
    }

    private static InboundArticle article(long id, long seq, String customer, long n) {
        return CountFacts.inbound(id, "demo", "wamid.soak." + seq + ".0", "soak:" + customer + ":" + n + " filler",
                1_000 * seq + 50);
    }

    private static Journal.Reply reply(long seq, int status) {
        return new Journal.Reply(seq, "demo", "491", 7, "reply:" + seq, 1, 0, 10, status, null);
    }

    private static Journal.Fault killOutbound(long at) {
        return new Journal.Fault("kill", "outbound-2", at, at + 3_000, "");
    }

    private static Map<String, Long> rows(Report report) {
        return report.rows().stream().collect(Collectors.toMap(Report.Row::name, Report.Row::value));
    }

    @Test
    void aSecondAcceptanceIsInsideTheCrashWindowOnlyWhenAnOutboundProcessWasKilledWithinTwoSecondsAfterTheFirst() {
        List<Long> twice = List.of(10_000L, 30_000L);
        assertThat(CountRules.crashWindowGaps(twice, List.of(killOutbound(11_500)))).containsExactly(1_500L);
        assertThat(CountRules.crashWindowGaps(twice, List.of(killOutbound(12_001)))).isNull();
        assertThat(CountRules.crashWindowGaps(twice, List.of(killOutbound(9_999)))).as("killed before").isNull();
        assertThat(CountRules.crashWindowGaps(twice, List.of(new Journal.Fault("kill", "ticket", 10_500, 11_000, ""))))
                .as("another service").isNull();
        assertThat(CountRules.crashWindowGaps(List.of(10_000L, 20_000L, 30_000L), List.of(killOutbound(10_100))))
                .as("a third send needs a second kill").isNull();
        assertThat(CountRules.crashWindowGaps(List.of(10_000L, 20_000L, 30_000L),
                List.of(killOutbound(10_100), killOutbound(21_000)))).containsExactly(100L, 1_000L);
    }

    @Test
    void anArticleStoredAfterALaterMessageOfTheSameCustomerIsAnOrderingViolation() {
        List<InboundArticle> articles = List.of(article(1, 1, "491", 1), article(2, 2, "492", 1),
                article(3, 3, "491", 3), article(4, 4, "492", 2), article(5, 5, "491", 2), article(6, 6, "491", 4),
                CountFacts.inbound(7, "demo", "wamid.other", "no token", 0));

        assertThat(CountRules.ordering(articles)).isEqualTo(new CountRules.Ordering(1, 1));
        assertThat(CountRules.ordering(articles.subList(0, 4))).isEqualTo(new CountRules.Ordering(0, 0));
    }

    @Test
    void aWebhookAnswered200ThatNeverReachedTheRawTopicFailsTheRunAndEveryLossIsCountedWhereItHappened() {
        try (Journal journal = new Journal(dir.resolve("journal.jsonl"))) {
            journal.webhook(message(1, "491", 1, "sha-1", 503));
            journal.webhook(message(1, "491", 1, "sha-1", 200));
            journal.webhook(message(2, "491", 2, "sha-2", 200));
            journal.webhook(message(3, "492", 1, "sha-3", 200)); // planted: never posted, so nowhere
            journal.webhook(message(4, "493", 1, "sha-4", 0)); // never answered 200: not a loss
            CountFacts facts = new CountFacts(Set.of("sha-1", "sha-2"),
                    Set.of("demo|wamid.soak.1.0", "demo|wamid.soak.2.0"),
                    List.of(article(10, 1, "491", 1), article(11, 2, "491", 2)), List.of(), Map.of(),
                    Map.of("whatsapp.inbound.messages.v1.dlt", 2L));

            Report report = new Report(new CountRules(journal, facts).rows(null, FuzzSample.Result.none()), List.of());

            Map<String, Long> rows = rows(report);
            assertThat(rows).containsEntry("webhooks sent", 4L).containsEntry("webhooks answered 200", 3L)
                    .containsEntry("answered 200, body not on the raw topic", 1L)
                    .containsEntry("answered 200, message not on the inbound topic", 1L)
                    .containsEntry("messages without an article", 1L)
                    .containsEntry("messages stored twice", 0L)
                    .containsEntry("ordering violations", 0L)
                    .containsEntry("parked in whatsapp.inbound.messages.v1.dlt", 2L);
            assertThat(report.passed()).isFalse();
        }
    }

    @Test
    void aCompleteRunPassesAndAMessageStoredTwiceByItsTokenFailsIt() {
        try (Journal journal = new Journal(dir.resolve("journal.jsonl"))) {
            journal.webhook(message(1, "491", 1, "sha-1", 200));
            journal.webhook(message(2, "491", 2, "sha-2", 200));
            Set<String> raw = Set.of("sha-1", "sha-2");
            Set<String> typed = Set.of("demo|wamid.soak.1.0", "demo|wamid.soak.2.0");
            List<InboundArticle> once = List.of(article(10, 1, "491", 1), article(11, 2, "491", 2));

            assertThat(new Report(new CountRules(journal, new CountFacts(raw, typed, once, List.of(), Map.of(),
                    Map.of())).rows(null, null), List.of()).passed()).isTrue();

            List<InboundArticle> twice = List.of(article(10, 1, "491", 1), article(11, 2, "491", 2),
                    CountFacts.inbound(12, "demo", "wamid.other", "soak:491:2 again", 0));
            Report report = new Report(new CountRules(journal, new CountFacts(raw, typed, twice, List.of(), Map.of(),
                    Map.of())).rows(null, null), List.of());
            assertThat(rows(report)).containsEntry("messages stored twice", 1L);
            assertThat(report.passed()).isFalse();
        }
    }

    @Test
    void repliesAreCountedAtTheProviderByRequestIdOrTokenAndTheirDuplicatesSplitByTheCrashWindow() {
        try (Journal journal = new Journal(dir.resolve("journal.jsonl"))) {
            journal.reply(reply(1, 202)); // sent once (Meta, by request id)
            journal.reply(reply(2, 202)); // never sent
            journal.reply(reply(3, 0)); // no answer, but stored, sent twice with outbound killed 400 ms after
            journal.reply(reply(4, 202)); // sent twice, no kill: a real duplicate
            journal.reply(reply(5, 409)); // refused by the agent API, not stored: nothing to send
            journal.reply(reply(6, 202)); // refused by the provider to the end: failed, shown to the agent
            journal.reply(reply(7, 0)); // no answer and not stored: nothing to send
            journal.fault(killOutbound(5_400));
            List<OutboundArticle> stored = List.of(new OutboundArticle(20, "demo", "uuid-1", "reply:1", "sent", null),
                    new OutboundArticle(21, "demo", "uuid-2", "reply:2", "pending", null),
                    new OutboundArticle(22, "demo-twilio", null, "reply:3", "sent", null),
                    new OutboundArticle(23, "demo", "uuid-4", "reply:4", "sent", null),
                    new OutboundArticle(24, "demo", "uuid-6", "reply:6", "failed", "expired"));
            Map<String, Sends> sends = Map.of("uuid-1", new Sends(1, 2, List.of(1_000L)),
                    "reply:3", new Sends(2, 0, List.of(5_000L, 9_000L)),
                    "uuid-4", new Sends(2, 0, List.of(20_000L, 21_000L)),
                    "reply:4", new Sends(2, 0, List.of(20_000L, 21_000L)),
                    "uuid-6", new Sends(0, 9, List.of()),
                    "welcome:demo:491", new Sends(2, 0, List.of(4_000L, 8_000L)),
                    "reminder:demo:491:1", new Sends(2, 0, List.of(30_000L, 31_000L)));

            Report report = new Report(new CountRules(journal, new CountFacts(Set.of(), Set.of(), List.of(), stored,
                    sends, Map.of())).rows(null, null), List.of());

            assertThat(rows(report)).containsEntry("agent replies to send", 5L)
                    .containsEntry("agent replies sent zero times", 1L)
                    .containsEntry("agent replies failed, not sent", 1L)
                    .containsEntry("agent replies sent more than once, inside the crash window", 1L)
                    .containsEntry("agent replies sent more than once, outside the crash window", 1L)
                    .containsEntry("welcomes sent more than once per customer, inside the crash window", 1L)
                    .containsEntry("welcomes sent more than once per customer, outside the crash window", 0L)
                    .containsEntry("reminders sent more than once per window, outside the crash window", 1L)
                    .containsEntry("replies stored twice", 0L);
            assertThat(report.rows()).filteredOn(r -> r.name().equals(
                            "agent replies sent more than once, inside the crash window"))
                    .extracting(Report.Row::note).containsExactly("reply:3 kill +400 ms");
            assertThat(report.rows()).filteredOn(r -> r.name().equals("agent replies failed, not sent"))
                    .extracting(Report.Row::mustBeZero, Report.Row::note)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(false,
                            "the agent sees failed (outbound gave up or the window expired): expired (9 refused)"));
        }
    }
}
