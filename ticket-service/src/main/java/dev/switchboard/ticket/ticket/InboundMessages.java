package dev.switchboard.ticket.ticket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.schemas.Keys;
import dev.switchboard.ticket.channel.TicketChannels;
import dev.switchboard.ticket.channel.TicketChannels.AfterClose;
import dev.switchboard.ticket.channel.TicketChannels.Channel;
import dev.switchboard.ticket.channel.TicketSettings;
import dev.switchboard.ticket.ticket.TicketRepository.ArticleRow;
import dev.switchboard.ticket.ticket.TicketRepository.Conversation;
import dev.switchboard.ticket.ticket.TicketRepository.TicketRow;
import dev.switchboard.ticket.window.WindowSettings;

/**
 * A customer's message becomes an article of their open ticket (opening or reopening one as the channel says).
 * Idempotent by message id: a redelivered or replayed message finds its article and changes nothing at all.
 */
@Service
public class InboundMessages {

    private static final Logger log = LoggerFactory.getLogger(InboundMessages.class);

    private final TicketRepository repository;
    private final TicketEvents events;
    private final TicketChannels channels;
    private final TicketSettings settings;
    private final WindowSettings window;
    private final Clock clock;
    private final DeliveryReceipts receipts;

    public InboundMessages(TicketRepository repository, TicketEvents events, TicketChannels channels,
                           TicketSettings settings, WindowSettings window, Clock clock, DeliveryReceipts receipts) {
        this.receipts = receipts;
        this.repository = repository;
        this.events = events;
        this.channels = channels;
        this.settings = settings;
        this.window = window;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void handle(InboundMessage message) {
        String channelId = message.getChannelId();
        String customerId = Keys.customerId(message.getCustomer());
        if (repository.articleExists(channelId, message.getMessageId())) {
            return;
        }
        if (message.getEcho()) {
            echo(message, channelId, customerId);
            return;
        }
        if (message.getType() == InboundMessageType.REACTION && message.getReaction() != null
                && reactToKnownArticle(message, customerId)) {
            return;
        }
        Instant now = clock.instant();
        Channel channel = channel(channelId);
        Conversation conversation = repository.upsertConversation(channelId, customerId, message.getCustomer().getWaId(),
                message.getCustomer().getUserId(), message.getCustomer().getName(), now);
        TicketRow ticket = ticketFor(channel, channelId, customerId, conversation, now);

        InboundContent content = InboundContent.of(message);
        Optional<Long> articleId = repository.insertInbound(ticket.id(), channelId, content.type(),
                message.getMessageId(), content.text(), content.content(), message.getSentAt(), now);
        if (articleId.isEmpty()) {
            return;
        }
        repository.customerWrote(channelId, customerId, message.getSentAt());
        repository.touch(ticket.id(), now);
        ArticleRow article = new ArticleRow(articleId.get(), ticket.id(), channelId, "inbound", content.type(),
                message.getMessageId(), null, "received", content.text(), null, null, null, null, message.getSentAt(), now);
        events.article(TicketEventType.ARTICLE_ADDED, ticket, conversation, article, null);

        if (message.getType() == InboundMessageType.TEXT) {
            optOutOrIn(message, channelId, customerId, ticket, conversation);
        }
        if (channel.welcomes() && repository.markWelcomed(channelId, customerId)) {
            welcome(channel, message, ticket, conversation, now);
        }
    }

    /**
     * The business wrote to the customer from the WhatsApp Business app (coexistence): an outbound article, already
     * sent, on the customer's ticket. It is no customer message: the window, opt-out and welcome stay as they are.
     */
    private void echo(InboundMessage message, String channelId, String customerId) {
        Instant now = clock.instant();
        Conversation conversation = repository.upsertConversation(channelId, customerId, message.getCustomer().getWaId(),
                message.getCustomer().getUserId(), message.getCustomer().getName(), now);
        TicketRow ticket = ticketFor(channel(channelId), channelId, customerId, conversation, now);
        InboundContent content = InboundContent.of(message);
        repository.lockMessageId(channelId, message.getMessageId());
        Optional<ArticleRow> inserted = repository.insertEcho(ticket.id(), channelId, content.type(),
                echoRequestId(channelId, message.getMessageId()), message.getMessageId(), content.text(), content.content(),
                message.getSentAt(), now);
        if (inserted.isEmpty()) {
            return;
        }
        repository.touch(ticket.id(), now);
        ArticleRow article = inserted.get();
        events.article(TicketEventType.ARTICLE_ADDED, ticket, conversation, article, null);
        receipts.applyWaiting(article);
    }

    /** Echo articles have no request of ours; this id stands in for one (receipts look articles up by it). */
    static String echoRequestId(String channelId, String messageId) {
        return "echo:" + channelId + ":" + messageId;
    }

    private Channel channel(String channelId) {
        if (channels.find(channelId).isEmpty()) {
            log.warn("message for channel {} which ticket-service has no settings for: defaults apply", channelId);
        }
        return channels.orDefaults(channelId);
    }

    private TicketRow ticketFor(Channel channel, String channelId, String customerId, Conversation conversation,
                                Instant now) {
        Optional<TicketRow> open = repository.openTicket(channelId, customerId);
        if (open.isPresent()) {
            return open.get();
        }
        if (channel.afterClose() == AfterClose.REOPEN) {
            Optional<TicketRow> last = repository.lastTicket(channelId, customerId);
            if (last.isPresent()) {
                TicketRow reopened = repository.setState(last.get().id(), "open", now);
                events.ticket(TicketEventType.TICKET_REOPENED, reopened, conversation);
                return reopened;
            }
        }
        String group = channel.group() == null || channel.group().isBlank() ? channelId : channel.group();
        TicketRow created = repository.createTicket(channelId, customerId, group, now);
        events.ticket(TicketEventType.TICKET_OPENED, created, conversation);
        return created;
    }

    /** A reaction to a message we know lands on its article; true if it did. */
    private boolean reactToKnownArticle(InboundMessage message, String customerId) {
        Optional<ArticleRow> target = repository.articleByMessageId(message.getChannelId(),
                message.getReaction().getMessageId());
        if (target.isEmpty()) {
            return false;
        }
        String emoji = message.getReaction().getEmoji() == null ? "" : message.getReaction().getEmoji();
        if (repository.react(target.get().id(), customerId, emoji, message.getSentAt())) {
            repository.customerWrote(message.getChannelId(), customerId, message.getSentAt());
            repository.touch(target.get().ticketId(), clock.instant());
        }
        return true;
    }

    private void optOutOrIn(InboundMessage message, String channelId, String customerId, TicketRow ticket,
                            Conversation conversation) {
        boolean optOut = settings.isOptOut(message.getText());
        if (!optOut && !settings.isOptIn(message.getText())) {
            return;
        }
        if (repository.setOptedOut(channelId, customerId, optOut, message.getSentAt())) {
            events.ticket(optOut ? TicketEventType.CUSTOMER_OPTED_OUT : TicketEventType.CUSTOMER_OPTED_IN, ticket,
                    conversation);
        }
    }

    private void welcome(Channel channel, InboundMessage message, TicketRow ticket, Conversation conversation,
                         Instant now) {
        String requestId = welcomeRequestId(message.getChannelId(), Keys.customerId(message.getCustomer()));
        ArticleRow article = repository.insertOutbound(ticket.id(), message.getChannelId(), "text", requestId,
                channel.welcomeMessage(), Map.of(), now);
        events.request(welcomeRequest(message, requestId, channel.welcomeMessage(), ticket.id(), article.id(), now,
                window.duration()));
        events.article(TicketEventType.ARTICLE_ADDED, ticket, conversation, article, null);
    }

    /** One welcome per conversation: the request id is outbound-service's idempotency key and the article's. */
    static String welcomeRequestId(String channelId, String customerId) {
        return "welcome:" + channelId + ":" + customerId;
    }

    static OutboundRequest welcomeRequest(InboundMessage message, String requestId, String text, long ticketId,
                                          long articleId, Instant now, Duration window) {
        return OutboundRequest.newBuilder()
                .setRequestId(requestId)
                .setKind(OutboundKind.WELCOME)
                .setChannelId(message.getChannelId())
                .setRecipient(message.getCustomer())
                .setRequestedAt(now)
                .setNotAfter(message.getSentAt().plus(window))
                .setType(OutboundType.TEXT)
                .setText(OutboundText.newBuilder().setBody(text).build())
                .setTicketId(String.valueOf(ticketId))
                .setArticleId(String.valueOf(articleId))
                .build();
    }
}
