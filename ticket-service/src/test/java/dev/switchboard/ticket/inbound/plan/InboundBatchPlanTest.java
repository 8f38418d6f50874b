package dev.switchboard.ticket.inbound.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.ticket.channel.TicketChannels;
import dev.switchboard.ticket.channel.TicketChannels.AfterClose;
import dev.switchboard.ticket.channel.TicketChannels.Channel;
import dev.switchboard.ticket.channel.TicketSettings;
import dev.switchboard.ticket.flow.TicketTestKit;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Identity;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Kind;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Known;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.ArticleInsert;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.ArticleKey;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.ConversationKey;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.ReactionKey;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.ReactionWrite;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.Rules;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.Stored;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.StoredArticle;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.StoredConversation;
import dev.switchboard.ticket.status.StatusProgress.Status;
import dev.switchboard.ticket.store.Direction;
import dev.switchboard.ticket.store.TicketEvents;
import dev.switchboard.ticket.store.TicketRepository.PendingStatus;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;
import dev.switchboard.ticket.store.TicketState;

/**
 * The inbound rules, driven directly: plain Java, no database, no Spring. Each test gives the planner a batch and
 * what the database holds, and reads the rows it would write and the outbox records it would emit, in order.
 */
class InboundBatchPlanTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Instant T0 = NOW.minusSeconds(3600);
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final TicketChannels CHANNELS = new TicketChannels(Map.of(
            "shop", new Channel(TicketChannels.Provider.META, "Sales", "Hi! An agent will be with you shortly.", true,
                    AfterClose.NEW),
            "club", new Channel(TicketChannels.Provider.META, " ", null, false, AfterClose.REOPEN)));
    private static final Rules RULES = new Rules(CHANNELS::orDefaults,
            new TicketSettings(List.of("STOP", "UNSUBSCRIBE"), List.of("START"), "test-agent-token"), WINDOW);

    private final Map<ArticleKey, StoredArticle> articles = new HashMap<>();
    private final Map<ConversationKey, StoredConversation> conversations = new HashMap<>();
    private final Map<ConversationKey, TicketRow> tickets = new HashMap<>();
    private final Map<ReactionKey, Instant> reactions = new HashMap<>();
    private final Map<ArticleKey, List<PendingStatus>> receipts = new HashMap<>();
    private final Map<Identity, Known> identities = new HashMap<>();
    private final Set<ConversationKey> takenKeys = new HashSet<>();
    private final List<SpecificRecord> emitted = new ArrayList<>();

    @Test
    void aFirstMessageOpensATicketInTheChannelsGroupAndOpensTheWindow() {
        InboundMessage hello = text("club", "4911", "m1", "hello", T0);

        InboundBatchPlan plan = plan(hello);

        assertThat(plan.ticketInserts()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(101);
            assertThat(t.group()).as("a blank group is the channel id").isEqualTo("club");
        });
        assertThat(plan.articleInserts()).singleElement().satisfies(a -> {
            assertThat(a.ticketId()).isEqualTo(101);
            assertThat(List.<Object>of(a.direction(), a.type(), a.status(), a.text())).containsExactly(Direction.INBOUND,
                    "text", Status.RECEIVED, "hello");
            assertThat(a.messageId()).isEqualTo("m1");
        });
        assertThat(plan.conversationWrites()).singleElement().satisfies(c -> {
            assertThat(c.lastCustomerMessageAt()).isEqualTo(T0);
            assertThat(c.name()).isEqualTo("Ana 4911");
            assertThat(c.welcomed()).isFalse();
        });
        assertThat(emitted(plan)).containsExactly("TICKET_OPENED open", "ARTICLE_ADDED inbound received");
    }

    @Test
    void theWelcomeGoesOutOnceOnAConversationsFirstMessage() {
        InboundMessage first = text("shop", "4911", "m1", "hello", T0);

        InboundBatchPlan plan = plan(first, text("shop", "4911", "m2", "anyone?", T0.plusSeconds(5)));

        assertThat(plan.articleInserts()).extracting(ArticleInsert::direction, ArticleInsert::status,
                ArticleInsert::requestId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Direction.INBOUND, Status.RECEIVED, null),
                org.assertj.core.groups.Tuple.tuple(Direction.OUTBOUND, Status.PENDING, "welcome:shop:4911"),
                org.assertj.core.groups.Tuple.tuple(Direction.INBOUND, Status.RECEIVED, null));
        assertThat(plan.ticketInserts()).singleElement().satisfies(t -> assertThat(t.group()).isEqualTo("Sales"));
        assertThat(plan.conversationWrites()).singleElement().satisfies(c -> assertThat(c.welcomed()).isTrue());
        assertThat(emitted(plan)).containsExactly("TICKET_OPENED open", "ARTICLE_ADDED inbound received",
                "REQUEST welcome:shop:4911", "ARTICLE_ADDED outbound pending", "ARTICLE_ADDED inbound received");
        OutboundRequest welcome = (OutboundRequest) emitted.get(2);
        assertThat(welcome.getNotAfter()).isEqualTo(T0.plus(WINDOW));
        assertThat(welcome.getArticleId()).isEqualTo("202");
        assertThat(welcome.getText().getBody()).isEqualTo("Hi! An agent will be with you shortly.");

        // Once welcomed, never again.
        storedConversation("shop", "4911", T0, false, null, true);
        storedTicket(7, "shop", "4911", TicketState.OPEN);
        assertThat(emitted(plan(text("shop", "4911", "m3", "back again", T0.plusSeconds(60)))))
                .containsExactly("ARTICLE_ADDED inbound received");
    }

    @Test
    void theWindowStartMovesForwardWithEachCustomerMessageAndNeverBack() {
        storedConversation("club", "4911", T0, false, null, false);
        storedTicket(7, "club", "4911", TicketState.OPEN);

        InboundBatchPlan plan = plan(text("club", "4911", "m1", "late", T0.plusSeconds(30)),
                text("club", "4911", "m2", "delivered late, written earlier", T0.plusSeconds(10)));

        assertThat(plan.conversationWrites()).singleElement()
                .satisfies(c -> assertThat(c.lastCustomerMessageAt()).isEqualTo(T0.plusSeconds(30)));
        assertThat(plan.ticketInserts()).isEmpty();
        assertThat(plan.touchedTickets()).containsExactly(7L);
        assertThat(plan.articleInserts()).extracting(ArticleInsert::ticketId).containsExactly(7L, 7L);

        storedConversation("club", "4922", T0.plusSeconds(100), false, null, false);
        storedTicket(8, "club", "4922", TicketState.OPEN);
        assertThat(plan(text("club", "4922", "m3", "older", T0)).conversationWrites()).singleElement()
                .satisfies(c -> assertThat(c.lastCustomerMessageAt()).isEqualTo(T0.plusSeconds(100)));
    }

    @Test
    void afterAClosedTicketTheChannelReopensItOrOpensANewOne() {
        storedConversation("club", "4911", T0, false, null, false);
        storedTicket(7, "club", "4911", TicketState.CLOSED);
        storedConversation("shop", "4922", T0, false, null, true);
        storedTicket(8, "shop", "4922", TicketState.CLOSED);

        InboundBatchPlan plan = plan(text("club", "4911", "m1", "again", T0.plusSeconds(60)),
                text("club", "4911", "m2", "and again", T0.plusSeconds(61)),
                text("shop", "4922", "m3", "hello again", T0.plusSeconds(62)));

        assertThat(plan.reopenedTickets()).containsExactly(7L);
        assertThat(plan.touchedTickets()).isEmpty();
        assertThat(plan.ticketInserts()).singleElement().satisfies(t -> {
            assertThat(t.channelId()).isEqualTo("shop");
            assertThat(t.customerId()).isEqualTo("4922");
        });
        assertThat(plan.articleInserts()).extracting(ArticleInsert::ticketId).containsExactly(7L, 7L, 101L);
        assertThat(emitted(plan)).containsExactly("TICKET_REOPENED open", "ARTICLE_ADDED inbound received",
                "ARTICLE_ADDED inbound received", "TICKET_OPENED open", "ARTICLE_ADDED inbound received");
    }

    @Test
    void anOptOutKeywordOptsOutAndAnOptInKeywordOptsInUnlessANewerChangeIsRecorded() {
        storedConversation("club", "4911", T0, false, null, false);
        storedTicket(7, "club", "4911", TicketState.OPEN);

        InboundBatchPlan plan = plan(text("club", "4911", "m1", " stop ", T0.plusSeconds(1)),
                text("club", "4911", "m2", "STOP", T0.plusSeconds(2)),
                text("club", "4911", "m3", "Start", T0.plusSeconds(3)),
                text("club", "4911", "m4", "unsubscribe", T0.plusSeconds(4)),
                text("club", "4911", "m5", "start", T0.plusSeconds(3)));

        assertThat(emitted(plan)).containsExactly("ARTICLE_ADDED inbound received", "CUSTOMER_OPTED_OUT open",
                "ARTICLE_ADDED inbound received", "ARTICLE_ADDED inbound received", "CUSTOMER_OPTED_IN open",
                "ARTICLE_ADDED inbound received", "CUSTOMER_OPTED_OUT open", "ARTICLE_ADDED inbound received");
        assertThat(plan.conversationWrites()).singleElement().satisfies(c -> {
            assertThat(c.optedOut()).as("START written before the newest UNSUBSCRIBE changes nothing").isTrue();
            assertThat(c.optedChangedAt()).isEqualTo(T0.plusSeconds(4));
        });

        // A reaction or a location is no keyword, whatever it says.
        storedConversation("club", "4922", T0, false, null, false);
        storedTicket(8, "club", "4922", TicketState.OPEN);
        InboundMessage location = text("club", "4922", "m6", "STOP", T0.plusSeconds(9));
        location.setType(InboundMessageType.LOCATION);
        assertThat(plan(location).conversationWrites()).singleElement().satisfies(c -> assertThat(c.optedOut()).isFalse());
    }

    @Test
    void anEchoIsASentOutboundArticleThatOpensNoWindowSendsNoWelcomeAndIsNoKeyword() {
        InboundMessage echo = echo("shop", "4911", "e1", "STOP", T0);

        InboundBatchPlan plan = plan(echo);

        assertThat(plan.ticketInserts()).hasSize(1);
        assertThat(plan.articleInserts()).singleElement().satisfies(a -> {
            assertThat(List.<Object>of(a.direction(), a.status(), a.messageId(), a.requestId())).containsExactly(
                    Direction.OUTBOUND, Status.SENT, "e1", "echo:shop:e1");
            assertThat(a.sentAt()).isEqualTo(T0);
        });
        assertThat(plan.conversationWrites()).singleElement().satisfies(c -> {
            assertThat(c.lastCustomerMessageAt()).as("no window").isNull();
            assertThat(c.welcomed()).isFalse();
            assertThat(c.optedOut()).isFalse();
        });
        assertThat(plan.echoStatuses()).singleElement().satisfies(e -> {
            assertThat(e.statusAt()).isEqualTo(T0);
            assertThat(e.errorCode()).isNull();
        });
        assertThat(emitted(plan)).containsExactly("TICKET_OPENED open", "ARTICLE_ADDED outbound sent");

        // The customer's answer then opens the window and is welcomed; a reaction lands on the echo.
        InboundBatchPlan later = plan(echo, text("shop", "4911", "m1", "thanks", T0.plusSeconds(5)),
                reaction("shop", "4911", "m2", "e1", "👍", T0.plusSeconds(6)));
        assertThat(emitted(later)).containsExactly("TICKET_OPENED open", "ARTICLE_ADDED outbound sent",
                "ARTICLE_ADDED inbound received", "REQUEST welcome:shop:4911", "ARTICLE_ADDED outbound pending");
        assertThat(later.reactionWrites()).singleElement()
                .satisfies(r -> assertThat(r.articleId()).isEqualTo(later.articleInserts().get(0).id()));
    }

    @Test
    void receiptsThatOvertookAnEchoAreAppliedToItInOrderAndOnlyForward() {
        receipts.put(new ArticleKey("club", "e1"), List.of(
                new PendingStatus(Status.DELIVERED, null, null, null, T0.plusSeconds(1)),
                new PendingStatus(Status.DELIVERED, null, null, null, T0.plusSeconds(2)),
                new PendingStatus(Status.READ, null, null, null, T0.plusSeconds(3)),
                new PendingStatus(Status.FAILED, 131047, "Re-engagement message", "too late", T0.plusSeconds(4))));
        receipts.put(new ArticleKey("club", "e2"), List.of(
                new PendingStatus(Status.FAILED, 131026, "Message undeliverable", "no WhatsApp", T0.plusSeconds(5))));

        InboundBatchPlan plan = plan(echo("club", "4911", "e1", "we open at 9", T0),
                echo("club", "4922", "e2", "hello?", T0));

        assertThat(plan.articleInserts()).extracting(ArticleInsert::status).containsExactly(Status.READ, Status.FAILED);
        assertThat(plan.echoStatuses()).satisfiesExactly(
                e -> {
                    assertThat(e.statusAt()).isEqualTo(T0.plusSeconds(3));
                    assertThat(e.errorCode()).as("a failure after read is ignored").isNull();
                },
                e -> {
                    assertThat(e.statusAt()).isEqualTo(T0.plusSeconds(5));
                    assertThat(List.of(e.errorCode(), e.errorTitle(), e.errorMessage())).containsExactly(131026,
                            "Message undeliverable", "no WhatsApp");
                });
        assertThat(plan.echoKeys()).containsExactly(new ArticleKey("club", "e1"), new ArticleKey("club", "e2"));
        assertThat(emitted(plan)).containsExactly("TICKET_OPENED open", "ARTICLE_ADDED outbound sent",
                "ARTICLE_STATUS_CHANGED outbound delivered after sent", "ARTICLE_STATUS_CHANGED outbound read after delivered",
                "TICKET_OPENED open", "ARTICLE_ADDED outbound sent", "ARTICLE_STATUS_CHANGED outbound failed after sent");
        assertThat(((TicketEvent) emitted.get(6)).getArticle().getError().getCode()).isEqualTo(131026);
    }

    @Test
    void aMessageStoredAlreadyOrEarlierInTheBatchChangesNothing() {
        articles.put(new ArticleKey("club", "m1"), new StoredArticle(50, 7));
        articles.put(new ArticleKey("club", "e1"), new StoredArticle(51, 7));
        InboundMessage fresh = text("club", "4911", "m2", "new", T0.plusSeconds(1));

        InboundBatchPlan plan = plan(text("club", "4911", "m1", "STOP", T0), echo("club", "4911", "e1", "x", T0),
                fresh, redelivery(fresh));

        assertThat(plan.articleInserts()).extracting(ArticleInsert::messageId).containsExactly("m2");
        assertThat(plan.echoStatuses()).isEmpty();
        assertThat(emitted(plan)).containsExactly("TICKET_OPENED open", "ARTICLE_ADDED inbound received");

        assertThat(emitted(plan(text("club", "4911", "m1", "STOP", T0)))).isEmpty();
    }

    @Test
    void theNewestReactionOfAReactorWinsAndAnOlderOneDeliveredLateChangesNothing() {
        articles.put(new ArticleKey("club", "m1"), new StoredArticle(50, 7));
        reactions.put(new ReactionKey(50, "4911"), T0.plusSeconds(10));
        storedConversation("club", "4911", T0, false, null, false);

        InboundBatchPlan older = plan(reaction("club", "4911", "r1", "m1", "😮", T0.plusSeconds(5)));
        assertThat(older.reactionWrites()).isEmpty();
        assertThat(older.articleInserts()).isEmpty();
        assertThat(emitted(older)).as("a reaction is no article and no event").isEmpty();

        InboundBatchPlan newer = plan(reaction("club", "4911", "r2", "m1", "👍", T0.plusSeconds(20)),
                reaction("club", "4911", "r3", "m1", "", T0.plusSeconds(30)),
                reaction("club", "4911", "r4", "m1", "❤️", T0.plusSeconds(25)));
        assertThat(newer.reactionWrites()).containsExactly(new ReactionWrite(50, "4911", "", T0.plusSeconds(30)));
        assertThat(newer.touchedTickets()).containsExactly(7L);
        assertThat(newer.conversationWrites()).singleElement()
                .satisfies(c -> assertThat(c.lastCustomerMessageAt()).isEqualTo(T0.plusSeconds(30)));
    }

    @Test
    void aReactionToAMessageEarlierInTheBatchLandsOnItAndOneToAnUnknownMessageIsAnArticle() {
        InboundBatchPlan plan = plan(text("club", "4911", "m1", "hello", T0),
                reaction("club", "4911", "r1", "m1", "👍", T0.plusSeconds(1)),
                reaction("club", "4911", "r2", "nope", "🙏", T0.plusSeconds(2)));

        assertThat(plan.reactionWrites()).containsExactly(new ReactionWrite(201, "4911", "👍", T0.plusSeconds(1)));
        assertThat(plan.articleInserts()).extracting(ArticleInsert::messageId, ArticleInsert::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("m1", "text"), org.assertj.core.groups.Tuple.tuple("r2", "reaction"));
        assertThat(emitted(plan)).containsExactly("TICKET_OPENED open", "ARTICLE_ADDED inbound received",
                "ARTICLE_ADDED inbound received");
    }

    /** The console redraws a stored article a reaction landed on (ARTICLE_UPDATED); the batch's own are new anyway. */
    @Test
    void storedArticlesWhoseReactionsChangeAreTheUpdatedArticles() {
        articles.put(new ArticleKey("club", "m1"), new StoredArticle(50, 7));
        articles.put(new ArticleKey("club", "m2"), new StoredArticle(51, 7));
        reactions.put(new ReactionKey(51, "4911"), T0.plusSeconds(10));
        storedConversation("club", "4911", T0, false, null, false);

        InboundBatchPlan plan = plan(reaction("club", "4911", "r1", "m1", "👍", T0.plusSeconds(20)),
                reaction("club", "4911", "r2", "m1", "❤️", T0.plusSeconds(21)),
                reaction("club", "4911", "r3", "m2", "😮", T0.plusSeconds(5)),
                text("club", "4911", "m3", "hello", T0.plusSeconds(30)),
                reaction("club", "4911", "r4", "m3", "👍", T0.plusSeconds(31)));

        assertThat(plan.reactedArticles()).as("m1 once; m2's reaction is older than the stored one; m3 is new")
                .containsExactly(50L);
    }

    @Test
    void aMessageWithoutASenderCannotBePlanned() {
        InboundMessage noSender = text("club", "4911", "m1", "who am I?", T0);
        noSender.setCustomer(Customer.newBuilder().setName("nobody").build());

        assertThatThrownBy(() -> plan(text("club", "4922", "m0", "hi", T0), noSender))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsMustBeAssignedBeforeRowsAreReadAndMatchWhatThePlanCreates() {
        InboundBatchPlan plan = InboundBatchPlan.of(List.of(text("shop", "4911", "m1", "hi", T0)), stored(), RULES, NOW);

        assertThat(plan.newTicketCount()).isEqualTo(1);
        assertThat(plan.newArticleCount()).isEqualTo(2);
        assertThatThrownBy(plan::articleInserts).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> plan.assignIds(new long[] {1}, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------------ identities

    @Test
    void twoConversationsOfOneCustomerAreMergedIntoTheOlderAndTheYoungerOpenTicketIsClosed() {
        conversations.put(new ConversationKey("club", "4911"), new StoredConversation("4911", null, "Ana",
                T0.minusSeconds(50), false, null, false, null, null, false, null, T0.minusSeconds(900)));
        conversations.put(new ConversationKey("club", "US.1"), new StoredConversation(null, "US.1", null,
                T0.minusSeconds(10), true, T0.minusSeconds(10), true, "ana", null, true, T0.minusSeconds(20),
                T0.minusSeconds(100)));
        identities.put(new Identity("club", Kind.WA_ID, "4911"), new Known("4911", null));
        identities.put(new Identity("club", Kind.USER_ID, "US.1"), new Known("US.1", null));
        storedTicket(7, "club", "4911", TicketState.OPEN);
        storedTicket(8, "club", "US.1", TicketState.OPEN);

        InboundMessage both = TicketTestKit.text("club", "4911", "m1", "hello", T0)
                .setCustomer(Customer.newBuilder().setWaId("4911").setUserId("US.1").build()).build();
        InboundBatchPlan plan = plan(both);

        assertThat(plan.mergeWrites()).containsExactly(new InboundBatchPlan.MergeWrite("club", "US.1", "4911"));
        assertThat(plan.mergeClosedTickets()).singleElement().satisfies(c -> {
            assertThat(c.ticketId()).isEqualTo(8);
            assertThat(c.note()).startsWith("Merged into #7");
        });
        assertThat(plan.conversationWrites()).satisfiesExactlyInAnyOrder(
                survivor -> {
                    assertThat(survivor.customerId()).isEqualTo("4911");
                    assertThat(survivor.userId()).isEqualTo("US.1");
                    assertThat(survivor.username()).isEqualTo("ana");
                    assertThat(survivor.lastCustomerMessageAt()).isEqualTo(T0);
                    assertThat(survivor.optedOut()).as("the newest opt-out change").isTrue();
                    assertThat(survivor.marketingOptedOut()).isTrue();
                    assertThat(survivor.welcomed()).isTrue();
                    assertThat(survivor.mergedInto()).isNull();
                },
                loser -> assertThat(loser.mergedInto()).isEqualTo("4911"));
        assertThat(plan.articleInserts()).singleElement().satisfies(a -> assertThat(a.ticketId()).isEqualTo(7));
        assertThat(emitted(plan)).containsExactly("TICKET_CLOSED closed", "CUSTOMER_MERGED open",
                "ARTICLE_ADDED inbound received");
        assertThat(emitted.get(1)).isInstanceOfSatisfying(TicketEvent.class, e -> {
            assertThat(e.getTicketId()).isEqualTo("7");
            assertThat(e.getCustomerKey()).isEqualTo("4911");
            assertThat(e.getAliases()).containsExactly("US.1");
        });
        assertThat(plan.identityWrites()).extracting(w -> w.value() + "->" + w.customerId()).containsExactly("US.1->4911");
    }

    @Test
    void aCustomersBsuidOnlyMessageIsTheirsAndWelcomesNobodyTwice() {
        storedConversation("shop", "4911", T0, false, null, true);
        identities.put(new Identity("shop", Kind.USER_ID, "US.1"), new Known("4911", null));
        storedTicket(7, "shop", "4911", TicketState.OPEN);

        InboundBatchPlan plan = plan(TicketTestKit.text("shop", "0", "m2", "again", T0.plusSeconds(60))
                .setCustomer(Customer.newBuilder().setUserId("US.1").build()).build());

        assertThat(plan.ticketInserts()).isEmpty();
        assertThat(plan.articleInserts()).singleElement().satisfies(a -> assertThat(a.ticketId()).isEqualTo(7));
        assertThat(plan.conversationWrites()).singleElement().satisfies(c -> {
            assertThat(c.customerId()).isEqualTo("4911");
            assertThat(c.lastCustomerMessageAt()).isEqualTo(T0.plusSeconds(60));
        });
    }

    @Test
    void aSystemNoticeAboutAnUnknownCustomerIsNotStoredAndOneAboutAKnownOneOpensNoWindow() {
        storedConversation("club", "4911", T0, false, null, false);
        storedTicket(7, "club", "4911", TicketState.CLOSED);
        InboundMessage change = TicketTestKit.text("club", "4911", "s1", null, T0.plusSeconds(60))
                .setType(InboundMessageType.SYSTEM).setSystem(dev.switchboard.events.SystemChange.newBuilder()
                        .setKind(dev.switchboard.events.SystemChangeKind.USER_CHANGED_NUMBER).setNewWaId("4922").build())
                .build();
        InboundMessage stranger = TicketTestKit.text("club", "4999", "s2", null, T0).setType(InboundMessageType.SYSTEM)
                .setSystem(dev.switchboard.events.SystemChange.newBuilder()
                        .setKind(dev.switchboard.events.SystemChangeKind.USER_CHANGED_NUMBER).setNewWaId("4988").build())
                .build();

        InboundBatchPlan plan = plan(change, stranger);

        assertThat(plan.articleInserts()).singleElement().satisfies(a -> {
            assertThat(a.ticketId()).as("the newest ticket, left closed").isEqualTo(7);
            assertThat(a.type()).isEqualTo("system");
        });
        assertThat(plan.reopenedTickets()).isEmpty();
        assertThat(plan.touchedTickets()).isEmpty();
        assertThat(plan.conversationWrites()).singleElement().satisfies(c -> {
            assertThat(c.waId()).isEqualTo("4922");
            assertThat(c.lastCustomerMessageAt()).isEqualTo(T0);
        });
        assertThat(plan.identityWrites()).extracting(w -> w.value() + (w.retiredAt() == null ? "" : " retired"))
                .containsExactly("4922", "4911 retired");
    }

    @Test
    void aMessageFromARetiredNumberStartsAConversationUnderAnotherKey() {
        storedConversation("shop", "4911", T0, false, null, true);
        identities.put(new Identity("shop", Kind.WA_ID, "4911"), new Known("4911", T0));
        takenKeys.add(new ConversationKey("shop", "4911"));

        InboundBatchPlan plan = plan(text("shop", "4911", "m9", "hello", T0.plusSeconds(60)));

        assertThat(plan.ticketInserts()).singleElement().satisfies(t -> assertThat(t.customerId()).isEqualTo("4911~2"));
        assertThat(emitted(plan)).contains("REQUEST welcome:shop:4911~2");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Plans the batch against what the test stored; new tickets get ids from 101, new articles from 201. */
    private InboundBatchPlan plan(InboundMessage... messages) {
        InboundBatchPlan plan = InboundBatchPlan.of(List.of(messages), stored(), RULES, NOW);
        plan.assignIds(LongStream.range(101, 101 + plan.newTicketCount()).toArray(),
                LongStream.range(201, 201 + plan.newArticleCount()).toArray());
        return plan;
    }

    private Stored stored() {
        return new Stored(Map.copyOf(articles), Map.copyOf(conversations), Map.copyOf(tickets), Map.copyOf(reactions),
                Map.copyOf(receipts), Map.copyOf(identities), Set.copyOf(takenKeys));
    }

    /** The plan's outbox records: "TYPE direction status [after previous]" per ticket event, "REQUEST id" per request. */
    private List<String> emitted(InboundBatchPlan plan) {
        emitted.clear();
        plan.emit(new TicketEvents(
                new dev.switchboard.ticket.outbox.OutboxWriter() {
                    @Override
                    public <V extends SpecificRecord> void add(dev.switchboard.schemas.Topic<V> topic, String key,
                                                               V record) {
                        emitted.add(record);
                    }
                }, Clock.fixed(NOW, ZoneOffset.UTC)));
        return emitted.stream().map(r -> {
            if (r instanceof OutboundRequest request) {
                return "REQUEST " + request.getRequestId();
            }
            TicketEvent event = (TicketEvent) r;
            if (event.getArticle() == null) {
                return event.getType() + " " + event.getState().name().toLowerCase();
            }
            var article = event.getArticle();
            return event.getType() + " " + article.getDirection().name().toLowerCase() + " "
                    + article.getStatus().name().toLowerCase()
                    + (article.getPreviousStatus() == null ? "" : " after " + article.getPreviousStatus().name().toLowerCase());
        }).toList();
    }

    private void storedConversation(String channelId, String customerId, Instant lastCustomerMessageAt,
                                    boolean optedOut, Instant optedChangedAt, boolean welcomed) {
        conversations.put(new ConversationKey(channelId, customerId), new StoredConversation(customerId, null,
                "Ana " + customerId, lastCustomerMessageAt, optedOut, optedChangedAt, welcomed));
        identities.put(new Identity(channelId, Kind.WA_ID, customerId), new Known(customerId, null));
    }

    private void storedTicket(long id, String channelId, String customerId, TicketState state) {
        tickets.put(new ConversationKey(channelId, customerId),
                new TicketRow(id, channelId, customerId, state, channelId, T0, T0));
    }

    private static InboundMessage text(String channelId, String waId, String messageId, String text, Instant sentAt) {
        return TicketTestKit.text(channelId, waId, messageId, text, sentAt).build();
    }

    private static InboundMessage echo(String channelId, String waId, String messageId, String text, Instant sentAt) {
        return TicketTestKit.text(channelId, waId, messageId, text, sentAt).setEcho(true).build();
    }

    private static InboundMessage reaction(String channelId, String waId, String messageId, String toMessageId,
                                           String emoji, Instant sentAt) {
        return TicketTestKit.reaction(channelId, waId, messageId, toMessageId, emoji, sentAt);
    }

    /** Meta's redelivery: a new event, the same message. */
    private static InboundMessage redelivery(InboundMessage message) {
        return InboundMessage.newBuilder(message).setEventId(UUID.randomUUID().toString()).build();
    }
}
