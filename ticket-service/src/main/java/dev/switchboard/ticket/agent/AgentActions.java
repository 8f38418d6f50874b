package dev.switchboard.ticket.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.Customer;
import dev.switchboard.events.MarkRead;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.ticket.agent.Refusal.Reason;
import dev.switchboard.ticket.channel.TicketChannels;
import dev.switchboard.ticket.channel.TicketChannels.Channel;
import dev.switchboard.ticket.channel.WindowSettings;
import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.content.OutboundContent;
import dev.switchboard.ticket.store.TicketEvents;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.ArticleRow;
import dev.switchboard.ticket.store.TicketRepository.Conversation;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;
import dev.switchboard.ticket.store.TicketState;
import dev.switchboard.ticket.window.ServiceWindow;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What agents do: reply, start a conversation with a template, close and reopen tickets. Every rule WhatsApp
 * enforces is checked before anything is stored, and a reply is stored (pending) together with its outbound
 * request in one transaction (the outbox), so neither exists without the other.
 */
@Service
public class AgentActions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TicketRepository repository;
    private final TicketEvents events;
    private final TicketChannels channels;
    private final WindowSettings window;
    private final Clock clock;

    public AgentActions(TicketRepository repository, TicketEvents events, TicketChannels channels, WindowSettings window,
                        Clock clock) {
        this.repository = repository;
        this.events = events;
        this.channels = channels;
        this.window = window;
        this.clock = clock;
    }

    @Transactional
    public ArticleRow reply(long ticketId, JsonNode content) {
        TicketRow ticket = repository.ticketForUpdate(ticketId)
                .orElseThrow(() -> new Refusal(Reason.NOT_FOUND, "no ticket " + ticketId));
        Conversation conversation = repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow();
        return send(ticket, conversation, content, true);
    }

    /** {@code POST /api/tickets}: a conversation the business starts, usually with a template. */
    @Transactional
    public TicketRow start(String channelId, String waId, JsonNode content) {
        if (channels.find(channelId).isEmpty()) {
            throw new Refusal(Reason.UNKNOWN_CHANNEL, "channel " + channelId + " is not configured",
                    List.of(new FieldProblem("channelId", "not a configured channel")));
        }
        if (waId == null || !waId.matches("[0-9]{6,20}")) {
            throw new Refusal(Reason.INVALID_MESSAGE, "customer.waId must be a WhatsApp id",
                    List.of(new FieldProblem("customer.waId", "required: the customer's WhatsApp id, digits only")));
        }
        validate(content);
        Instant now = clock.instant();
        Conversation conversation = repository.upsertConversation(channelId, waId, waId, null, null, now);
        Channel channel = channels.find(channelId).orElseThrow();
        checkAllowed(conversation, content, now);
        TicketRow ticket = repository.openTicket(channelId, waId).orElse(null);
        if (ticket == null) {
            String group = channel.group() == null || channel.group().isBlank() ? channelId : channel.group();
            ticket = repository.createTicket(channelId, waId, group, now);
            events.ticket(TicketEventType.TICKET_OPENED, ticket, conversation);
        }
        send(ticket, conversation, content, false);
        return repository.ticket(ticket.id()).orElseThrow();
    }

    @Transactional
    public TicketRow close(long ticketId) {
        TicketRow ticket = repository.ticketForUpdate(ticketId)
                .orElseThrow(() -> new Refusal(Reason.NOT_FOUND, "no ticket " + ticketId));
        if (!ticket.isOpen()) {
            return ticket;
        }
        TicketRow closed = repository.setState(ticketId, TicketState.CLOSED, clock.instant());
        events.ticket(TicketEventType.TICKET_CLOSED, closed,
                repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow());
        return closed;
    }

    @Transactional
    public TicketRow reopen(long ticketId) {
        TicketRow ticket = repository.ticketForUpdate(ticketId)
                .orElseThrow(() -> new Refusal(Reason.NOT_FOUND, "no ticket " + ticketId));
        if (ticket.isOpen()) {
            return ticket;
        }
        Optional<TicketRow> open = repository.openTicket(ticket.channelId(), ticket.customerId());
        if (open.isPresent()) {
            throw new Refusal(Reason.ANOTHER_TICKET_OPEN, "ticket " + open.get().id() + " of this customer is open");
        }
        TicketRow reopened = repository.setState(ticketId, TicketState.OPEN, clock.instant());
        events.ticket(TicketEventType.TICKET_REOPENED, reopened,
                repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow());
        return reopened;
    }

    public ServiceWindow window(Conversation conversation) {
        return new ServiceWindow(conversation.lastCustomerMessageAt(), window.duration());
    }

    private ArticleRow send(TicketRow ticket, Conversation conversation, JsonNode content, boolean markRead) {
        validate(content);
        Instant now = clock.instant();
        checkAllowed(conversation, content, now);
        ServiceWindow serviceWindow = window(conversation);
        boolean insideWindow = serviceWindow.isOpenAt(now);
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> stored = new LinkedHashMap<>(JSON.convertValue(content, Map.class));
        stored.remove("type");
        ArticleRow article = repository.insertOutbound(ticket.id(), ticket.channelId(), OutboundContent.type(content),
                requestId, OutboundContent.summary(content), stored, now);
        Customer recipient = TicketEvents.customer(conversation);
        OutboundRequest.Builder request = OutboundRequest.newBuilder()
                .setRequestId(requestId)
                .setKind(OutboundKind.AGENT_REPLY)
                .setChannelId(ticket.channelId())
                .setRecipient(recipient)
                .setRequestedAt(now)
                // Free-form content is pointless once the window has closed: WhatsApp would refuse it (131047).
                .setNotAfter(OutboundContent.isTemplate(content) ? null : serviceWindow.expiresAt())
                .setBusinessInitiated(OutboundContent.isTemplate(content) && !insideWindow)
                .setTicketId(String.valueOf(ticket.id()))
                .setArticleId(String.valueOf(article.id()));
        OutboundContent.applyTo(content, request);
        events.request(request.build());
        events.article(TicketEventType.ARTICLE_ADDED, ticket, conversation, article, null);
        repository.touch(ticket.id(), now);
        if (markRead && insideWindow && channels.find(ticket.channelId()).map(Channel::markReadOnReply).orElse(false)) {
            repository.lastInboundMessageId(ticket.id()).ifPresent(messageId -> events.request(OutboundRequest.newBuilder()
                    .setRequestId("read:" + ticket.channelId() + ":" + messageId)
                    .setKind(OutboundKind.READ_RECEIPT)
                    .setChannelId(ticket.channelId())
                    .setRecipient(recipient)
                    .setRequestedAt(now)
                    .setRetryOnRateLimit(false)
                    .setType(OutboundType.MARK_READ)
                    .setMarkRead(MarkRead.newBuilder().setMessageId(messageId).build())
                    .build()));
        }
        return article;
    }

    private static void validate(JsonNode content) {
        List<FieldProblem> problems = OutboundContent.validate(content);
        if (!problems.isEmpty()) {
            throw new Refusal(Reason.INVALID_MESSAGE, "the message breaks WhatsApp's rules", problems);
        }
    }

    private void checkAllowed(Conversation conversation, JsonNode content, Instant now) {
        boolean insideWindow = window(conversation).isOpenAt(now);
        if (!OutboundContent.isTemplate(content) && !insideWindow) {
            throw new Refusal(Reason.SERVICE_WINDOW_CLOSED,
                    "the customer service window is closed: only templates may be sent");
        }
        if (OutboundContent.isTemplate(content) && !insideWindow && conversation.optedOut()) {
            throw new Refusal(Reason.RECIPIENT_OPTED_OUT, "the customer opted out of business-initiated messages");
        }
    }
}
