package dev.switchboard.ticket.receipts;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.switchboard.events.FailureKind;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.channel.WindowSettings;
import dev.switchboard.ticket.consent.MarketingConsent;
import dev.switchboard.ticket.content.OutboundContent;
import dev.switchboard.ticket.receipts.MarketingLimitRule.Decision;
import dev.switchboard.ticket.receipts.MarketingLimitRule.GiveUp;
import dev.switchboard.ticket.receipts.MarketingLimitRule.Retry;
import dev.switchboard.ticket.store.TicketEvents;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.ArticleRow;
import dev.switchboard.ticket.store.TicketRepository.Conversation;
import dev.switchboard.ticket.store.TicketRepository.LastInbound;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;
import dev.switchboard.ticket.window.ServiceWindow;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an outbound article's failure means for marketing: 131050 (or FailureKind MARKETING_OPTED_OUT) — the
 * customer stopped marketing messages — sets their marketing consent ({@link MarketingConsent}); 131049 / Twilio
 * 63049 (or FailureKind MARKETING_LIMITED) — Meta's per-user marketing limit — schedules a retry hours later
 * ({@link MarketingLimitRule}) or gives up. Failed stays final (StatusProgress): a retry is a new pending article in
 * the same ticket, its content the failed one's plus {@code retry: {articleId, number, of, notBefore}}, and a new
 * OutboundRequest ({@code <original>:retry<n>}, {@code notBefore}, {@code retryOf}, {@code retryNumber}) that
 * outbound-service holds until notBefore. The failed article's error message says which retry follows, or why none.
 * Only templates are sent again (the limit is about marketing templates; free-form content could not wait hours
 * for the window anyway).
 */
@Component
class MarketingFailures {

    private static final Logger log = LoggerFactory.getLogger(MarketingFailures.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** 131050: the user stopped marketing messages. */
    static final int OPTED_OUT_CODE = 131050;

    private final TicketRepository repository;
    private final TicketEvents events;
    private final MarketingConsent consent;
    private final MarketingLimitSettings settings;
    private final WindowSettings window;
    private final JdbcClient jdbc;
    private final Clock clock;

    MarketingFailures(TicketRepository repository, TicketEvents events, MarketingConsent consent,
                      MarketingLimitSettings settings, WindowSettings window, JdbcClient jdbc, Clock clock) {
        this.repository = repository;
        this.events = events;
        this.consent = consent;
        this.settings = settings;
        this.window = window;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The article has just become failed (once: a duplicate or late failure does not come here again).
     *
     * @param kind the result's failure kind; null for a status
     */
    void failed(ArticleRow article, Integer errorCode, FailureKind kind, Instant failedAt) {
        boolean optedOut = kind == FailureKind.MARKETING_OPTED_OUT || (errorCode != null && errorCode == OPTED_OUT_CODE);
        boolean limited = kind == FailureKind.MARKETING_LIMITED || MarketingLimitRule.isMarketingLimit(errorCode);
        if (!optedOut && !limited) {
            return;
        }
        TicketRow ticket = repository.ticket(article.ticketId()).orElseThrow();
        if (optedOut) {
            consent.change(ticket.channelId(), ticket.customerId(), true, failedAt);
        }
        if (limited) {
            limited(article, ticket, failedAt);
        }
    }

    private void limited(ArticleRow article, TicketRow ticket, Instant failedAt) {
        Decision decision = "template".equals(article.type())
                ? MarketingLimitRule.decide(article.requestId(), failedAt,
                        consent.optedOut(ticket.channelId(), ticket.customerId()), settings.delays())
                : new GiveUp("Meta's per-user marketing limit (131049): not retried, only templates are");
        if (decision instanceof GiveUp giveUp) {
            log.info("article {} of ticket {} failed for Meta's marketing limit: {}", article.id(), ticket.id(),
                    giveUp.reason());
            setErrorMessage(article.id(), giveUp.reason());
            return;
        }
        Retry retry = (Retry) decision;
        ArticleRow next = repository.articleByRequestId(retry.requestId()).orElse(null);
        if (next == null) {
            next = schedule(article, ticket, retry);
        }
        setErrorMessage(article.id(), "Meta's per-user marketing limit (131049): retry " + retry.number() + " of "
                + retry.of() + " as article #" + next.id() + ", not before " + retry.notBefore());
    }

    private ArticleRow schedule(ArticleRow failed, TicketRow ticket, Retry retry) {
        Conversation conversation = repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow();
        ObjectNode stored = (ObjectNode) JSON.readTree(failed.contentJson());
        JsonNode earlier = stored.remove("retry");
        long firstArticle = earlier != null && earlier.path("articleId").canConvertToLong()
                ? earlier.path("articleId").asLong() : failed.id();
        ObjectNode content = stored.deepCopy();
        content.put("type", failed.type());
        Map<String, Object> retryInfo = new LinkedHashMap<>();
        retryInfo.put("articleId", firstArticle);
        retryInfo.put("number", retry.number());
        retryInfo.put("of", retry.of());
        retryInfo.put("notBefore", retry.notBefore().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> articleContent = new LinkedHashMap<>(JSON.convertValue(stored, Map.class));
        articleContent.put("retry", retryInfo);
        Instant now = clock.instant();
        ArticleRow article = repository.insertOutbound(ticket.id(), ticket.channelId(), failed.type(), retry.requestId(),
                failed.text(), articleContent, author(failed.id()), now);
        ServiceWindow serviceWindow = new ServiceWindow(conversation.lastCustomerMessageAt(), window.duration());
        OutboundRequest.Builder request = OutboundRequest.newBuilder()
                .setRequestId(retry.requestId())
                .setKind(OutboundKind.AGENT_REPLY)
                .setChannelId(ticket.channelId())
                .setRecipient(TicketEvents.customer(conversation))
                .setRequestedAt(now)
                .setBusinessInitiated(!serviceWindow.isOpenAt(retry.notBefore()))
                .setTicketId(String.valueOf(ticket.id()))
                .setArticleId(String.valueOf(article.id()))
                .setBusinessNumberId(repository.lastInbound(ticket.id()).map(LastInbound::businessNumberId).orElse(null))
                .setNotBefore(retry.notBefore())
                .setRetryOf(retry.original())
                .setRetryNumber(retry.number());
        OutboundContent.applyTo(content, request);
        events.request(request.build());
        events.article(TicketEventType.ARTICLE_ADDED, ticket, conversation, article, null, null,
                repository.assigneeLogin(ticket.id()).orElse(null));
        log.info("article {} of ticket {} failed for Meta's marketing limit: retry {} of {} as article {} ({}), not"
                + " before {}", failed.id(), ticket.id(), retry.number(), retry.of(), article.id(), retry.requestId(),
                retry.notBefore());
        return article;
    }

    /** The failed article's author, who the retry is written by. */
    private Caller author(long articleId) {
        return jdbc.sql("select agent_id, author from article where id = ?").param(articleId)
                .query((rs, row) -> new Caller((Long) rs.getObject(1), rs.getString(2) == null ? "switchboard"
                        : rs.getString(2), null, Caller.Role.AGENT, Set.of()))
                .single();
    }

    private void setErrorMessage(long articleId, String message) {
        jdbc.sql("update article set error_message = ? where id = ?").params(message, articleId).update();
    }
}
