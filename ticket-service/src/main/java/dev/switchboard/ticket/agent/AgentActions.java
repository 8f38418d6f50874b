package dev.switchboard.ticket.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.Customer;
import dev.switchboard.events.MarkRead;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.StoredFile;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.store.StoredObject;
import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.agent.Refusal.Reason;
import dev.switchboard.ticket.billing.BillingQueries;
import dev.switchboard.ticket.billing.ReplyPricing;
import dev.switchboard.ticket.channel.TicketChannels;
import dev.switchboard.ticket.channel.TicketChannels.Channel;
import dev.switchboard.ticket.channel.WindowSettings;
import dev.switchboard.ticket.consent.MarketingConsent;
import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.content.OutboundContent;
import dev.switchboard.ticket.media.ArticleFile;
import dev.switchboard.ticket.store.TicketEvents;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.ArticleRow;
import dev.switchboard.ticket.store.TicketRepository.Conversation;
import dev.switchboard.ticket.store.TicketRepository.LastInbound;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;
import dev.switchboard.ticket.store.TicketState;
import dev.switchboard.ticket.template.TemplateReplies;
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
    private final TemplateReplies templates;
    private final MarketingConsent consent;
    private final BillingQueries billing;

    public AgentActions(TicketRepository repository, TicketEvents events, TicketChannels channels, WindowSettings window,
                        Clock clock, TemplateReplies templates, MarketingConsent consent, BillingQueries billing) {
        this.repository = repository;
        this.events = events;
        this.channels = channels;
        this.window = window;
        this.clock = clock;
        this.templates = templates;
        this.consent = consent;
        this.billing = billing;
    }

    /**
     * The ticket if {@code caller} may see it; else, as when there is no such ticket, a 404 refusal: a ticket of
     * another group is not even admitted to exist.
     */
    public static TicketRow visible(Caller caller, Optional<TicketRow> ticket, long ticketId) {
        return ticket.filter(t -> caller.canSee(t.group()))
                .orElseThrow(() -> new Refusal(Reason.NOT_FOUND, "no ticket " + ticketId));
    }

    @Transactional
    public ArticleRow reply(Caller caller, long ticketId, JsonNode content) {
        TicketRow ticket = visible(caller, repository.ticketForUpdate(ticketId), ticketId);
        Conversation conversation = repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow();
        return send(caller, ticket, conversation, content, true);
    }

    /**
     * What {@link #reply} would send, without sending it: refused as the reply would be (404, 409, 422), else how many
     * WhatsApp messages and how many of them billable ({@link ReplyPricing}).
     */
    @Transactional(readOnly = true)
    public ReplyPricing.Estimate estimate(Caller caller, long ticketId, JsonNode content) {
        TicketRow ticket = visible(caller, repository.ticket(ticketId), ticketId);
        Conversation conversation = repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow();
        validate(content);
        checkTemplate(ticket.channelId(), content);
        checkAllowed(conversation, OutboundContent.isTemplate(content), clock.instant());
        checkMarketingConsent(ticket.channelId(), conversation, content);
        return pricing(ticket, conversation, content, 1);
    }

    /** What a reply of {@code files} files would send (one message each), refused as {@link #replyWithFiles} would be. */
    @Transactional(readOnly = true)
    public ReplyPricing.Estimate estimateFiles(Caller caller, long ticketId, int files) {
        TicketRow ticket = visible(caller, repository.ticket(ticketId), ticketId);
        Conversation conversation = repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow();
        checkAllowed(conversation, false, clock.instant());
        return pricing(ticket, conversation, null, files);
    }

    /**
     * How many billable messages a reply that was just sent is ({@code content} null: {@code messages} files): the
     * reply's answer says it.
     */
    @Transactional(readOnly = true)
    public int billableMessages(long ticketId, JsonNode content, int messages) {
        TicketRow ticket = repository.ticket(ticketId).orElseThrow();
        return pricing(ticket, repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow(), content,
                messages).billableMessages();
    }

    private ReplyPricing.Estimate pricing(TicketRow ticket, Conversation conversation, JsonNode content, int messages) {
        boolean template = OutboundContent.isTemplate(content);
        return ReplyPricing.estimate(messages, template,
                template ? templates.category(ticket.channelId(), content).orElse(null) : null,
                billing.adReferralAt(ticket.channelId(), conversation.customerId()).orElse(null), clock.instant());
    }

    /**
     * Refuses, before any file is stored, what {@link #replyWithFiles} would refuse: no such ticket (404), or the
     * customer service window is closed (409; files are free-form content).
     */
    @Transactional(readOnly = true)
    public void checkCanReplyWithFiles(Caller caller, long ticketId) {
        TicketRow ticket = visible(caller, repository.ticket(ticketId), ticketId);
        checkAllowed(repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow(), false,
                clock.instant());
    }

    /**
     * One outbound article and one request per file (already in the media store), in order; the caption goes on the
     * first. Each request carries the file ({@code media.stored}) for outbound-service to upload or link.
     */
    @Transactional
    public List<ArticleRow> replyWithFiles(Caller caller, long ticketId, List<StoredUpload> files, String caption) {
        TicketRow ticket = visible(caller, repository.ticketForUpdate(ticketId), ticketId);
        Conversation conversation = repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow();
        Instant now = clock.instant();
        checkAllowed(conversation, false, now);
        List<ArticleRow> articles = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            StoredUpload file = files.get(i);
            String fileCaption = i == 0 ? caption : null;
            String filename = file.type().equals("document") ? file.filename() : null;
            Map<String, Object> media = new LinkedHashMap<>();
            putIfSet(media, "caption", fileCaption);
            putIfSet(media, "filename", file.filename());
            media.put("mimeType", file.stored().mimeType());
            media.put("size", file.stored().size());
            media.put(ArticleFile.STORED_SHA256, file.stored().sha256());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("type", file.type());
            summary.put("media", media);
            ArticleRow article = repository.insertOutbound(ticket.id(), ticket.channelId(), file.type(),
                    UUID.randomUUID().toString(), OutboundContent.summary(JSON.valueToTree(summary)),
                    Map.of("media", media), caller, now);
            OutboundMedia outbound = OutboundMedia.newBuilder()
                    .setCaption(fileCaption)
                    .setFilename(filename)
                    .setStored(StoredFile.newBuilder()
                            .setKey(file.stored().key())
                            .setSha256(file.stored().sha256())
                            .setSize(file.stored().size())
                            .setMimeType(file.stored().mimeType())
                            .setFilename(file.filename())
                            .build())
                    .build();
            enqueue(caller, ticket, conversation, article, false, i == files.size() - 1, now, request -> request
                    .setType(OutboundType.valueOf(file.type().toUpperCase(Locale.ROOT)))
                    .setMedia(outbound));
            articles.add(article);
        }
        return articles;
    }

    /**
     * A file an agent uploaded, already in the media store, to be sent as one message.
     *
     * @param type image, audio, video, document or sticker
     * @param filename the name the agent's client gave it (null when none): documents are sent with it
     */
    public record StoredUpload(String type, StoredObject stored, String filename) {
    }

    /** A business-scoped user id: two letters (a country), a period, optionally ENT. (a parent), up to 128 letters or digits. */
    private static final Pattern BSUID = Pattern.compile("[A-Z]{2}\\.(ENT\\.)?[A-Za-z0-9]{1,128}");

    /**
     * {@code POST /api/tickets}: a conversation the business starts, usually with a template, with a customer named
     * by wa_id or BSUID ({@code userId}). Any of the customer's known ids finds their conversation (a known BSUID of a
     * customer who wrote with their number reuses that conversation).
     */
    @Transactional
    public TicketRow start(Caller caller, String channelId, String waId, String userId, JsonNode content) {
        // a channel of a group the caller cannot see is, to them, not a channel at all
        if (channels.find(channelId).filter(c -> caller.canSee(c.groupOf(channelId))).isEmpty()) {
            throw new Refusal(Reason.UNKNOWN_CHANNEL, "channel " + channelId + " is not configured",
                    List.of(new FieldProblem("channelId", "not a configured channel")));
        }
        if (waId == null && userId == null) {
            throw new Refusal(Reason.INVALID_MESSAGE, "customer needs a waId or a userId",
                    List.of(new FieldProblem("customer.waId", "required (or customer.userId): the customer's WhatsApp id, digits only")));
        }
        if (waId != null && !waId.matches("[0-9]{6,20}")) {
            throw new Refusal(Reason.INVALID_MESSAGE, "customer.waId must be a WhatsApp id",
                    List.of(new FieldProblem("customer.waId", "required: the customer's WhatsApp id, digits only")));
        }
        if (userId != null && !BSUID.matcher(userId).matches()) {
            throw new Refusal(Reason.INVALID_MESSAGE, "customer.userId must be a business-scoped user id",
                    List.of(new FieldProblem("customer.userId",
                            "a BSUID: two capital letters, a period, (ENT. and) up to 128 letters or digits")));
        }
        validate(content);
        checkTemplate(channelId, content);
        Instant now = clock.instant();
        Conversation conversation = startConversation(channelId, waId, userId, now);
        String customerId = conversation.customerId();
        Channel channel = channels.find(channelId).orElseThrow();
        checkAllowed(conversation, OutboundContent.isTemplate(content), now);
        TicketRow ticket = repository.openTicket(channelId, customerId).orElse(null);
        if (ticket == null) {
            ticket = repository.createTicket(channelId, customerId, channel.groupOf(channelId), now);
            events.ticket(TicketEventType.TICKET_OPENED, ticket, conversation, caller.login(), null);
        } else if (!caller.canSee(ticket.group())) {
            // the customer's open ticket is in another group (the channel's group changed since)
            throw new Refusal(Reason.ANOTHER_TICKET_OPEN, "another ticket of this customer is open");
        }
        send(caller, ticket, conversation, content, false);
        return repository.ticket(ticket.id()).orElseThrow();
    }

    /**
     * The conversation the customer's ids resolve to, else a new one keyed by the wa_id, else the BSUID, holding the
     * ids' locks as inbound batches do (a message of the customer under another key waits for this transaction).
     */
    private Conversation startConversation(String channelId, String waId, String userId, Instant now) {
        List<String> locks = new ArrayList<>();
        if (waId != null) {
            locks.add(TicketRepository.identityLock(channelId, "wa_id", waId));
        }
        if (userId != null) {
            locks.add(TicketRepository.identityLock(channelId, "user_id", userId));
            locks.add(TicketRepository.identityLock(channelId, "parent_user_id", userId));
        }
        repository.lockIdentities(locks);
        Optional<String> known = Optional.ofNullable(waId).flatMap(w -> repository.resolveIdentity(channelId, "wa_id", w));
        if (known.isEmpty() && userId != null) {
            known = repository.resolveIdentity(channelId, "user_id", userId)
                    .or(() -> repository.resolveIdentity(channelId, "parent_user_id", userId));
        }
        if (known.isPresent()) {
            Conversation found = repository.conversation(channelId, known.get()).orElseThrow();
            // the ids it knows stay; an id it does not know yet is learned
            return repository.upsertConversation(channelId, found.customerId(), found.waId() == null ? waId : null,
                    found.userId() == null ? userId : null, null, now);
        }
        return repository.upsertConversation(channelId, repository.freeConversationKey(channelId,
                waId != null ? waId : userId), waId, userId, null, now);
    }

    @Transactional
    public TicketRow close(Caller caller, long ticketId) {
        TicketRow ticket = visible(caller, repository.ticketForUpdate(ticketId), ticketId);
        if (!ticket.isOpen()) {
            return ticket;
        }
        TicketRow closed = repository.setState(ticketId, TicketState.CLOSED, clock.instant());
        events.ticket(TicketEventType.TICKET_CLOSED, closed,
                repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow(), caller.login(),
                repository.assigneeLogin(ticketId).orElse(null));
        return closed;
    }

    @Transactional
    public TicketRow reopen(Caller caller, long ticketId) {
        TicketRow ticket = visible(caller, repository.ticketForUpdate(ticketId), ticketId);
        if (ticket.isOpen()) {
            return ticket;
        }
        Optional<TicketRow> open = repository.openTicket(ticket.channelId(), ticket.customerId());
        if (open.isPresent()) {
            throw new Refusal(Reason.ANOTHER_TICKET_OPEN, "ticket " + open.get().id() + " of this customer is open");
        }
        TicketRow reopened = repository.setState(ticketId, TicketState.OPEN, clock.instant());
        events.ticket(TicketEventType.TICKET_REOPENED, reopened,
                repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow(), caller.login(),
                repository.assigneeLogin(ticketId).orElse(null));
        return reopened;
    }

    public ServiceWindow window(Conversation conversation) {
        return new ServiceWindow(conversation.lastCustomerMessageAt(), window.duration());
    }

    private ArticleRow send(Caller caller, TicketRow ticket, Conversation conversation, JsonNode content,
                            boolean markRead) {
        validate(content);
        checkTemplate(ticket.channelId(), content);
        Instant now = clock.instant();
        boolean template = OutboundContent.isTemplate(content);
        checkAllowed(conversation, template, now);
        checkMarketingConsent(ticket.channelId(), conversation, content);
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> stored = new LinkedHashMap<>(JSON.convertValue(content, Map.class));
        stored.remove("type");
        ArticleRow article = repository.insertOutbound(ticket.id(), ticket.channelId(), OutboundContent.type(content),
                requestId, OutboundContent.summary(content), stored, caller, now);
        enqueue(caller, ticket, conversation, article, template, markRead, now,
                request -> OutboundContent.applyTo(content, request));
        return article;
    }

    /**
     * Writes the article's outbound request (its content from {@code content}) and its ticket event to the outbox,
     * and marks the customer's newest message read when asked to and the channel wants it.
     */
    private void enqueue(Caller caller, TicketRow ticket, Conversation conversation, ArticleRow article, boolean template,
                         boolean markRead, Instant now, Consumer<OutboundRequest.Builder> content) {
        ServiceWindow serviceWindow = window(conversation);
        boolean insideWindow = serviceWindow.isOpenAt(now);
        Customer recipient = TicketEvents.customer(conversation);
        // Replies go out from the number the customer last wrote to (a channel may have several).
        Optional<LastInbound> lastInbound = repository.lastInbound(ticket.id());
        String businessNumberId = lastInbound.map(LastInbound::businessNumberId).orElse(null);
        OutboundRequest.Builder request = OutboundRequest.newBuilder()
                .setRequestId(article.requestId())
                .setKind(OutboundKind.AGENT_REPLY)
                .setChannelId(ticket.channelId())
                .setRecipient(recipient)
                .setRequestedAt(now)
                // Free-form content is pointless once the window has closed: WhatsApp would refuse it (131047).
                .setNotAfter(template ? null : serviceWindow.expiresAt())
                .setBusinessInitiated(template && !insideWindow)
                .setTicketId(String.valueOf(ticket.id()))
                .setArticleId(String.valueOf(article.id()))
                .setBusinessNumberId(businessNumberId);
        content.accept(request);
        events.request(request.build());
        events.article(TicketEventType.ARTICLE_ADDED, ticket, conversation, article, null, caller.login(),
                repository.assigneeLogin(ticket.id()).orElse(null));
        repository.touch(ticket.id(), now);
        if (markRead && insideWindow && channels.find(ticket.channelId()).map(Channel::markReadOnReply).orElse(false)) {
            lastInbound.map(LastInbound::messageId).ifPresent(messageId -> events.request(OutboundRequest.newBuilder()
                    .setRequestId("read:" + ticket.channelId() + ":" + messageId)
                    .setKind(OutboundKind.READ_RECEIPT)
                    .setChannelId(ticket.channelId())
                    .setRecipient(recipient)
                    .setRequestedAt(now)
                    .setRetryOnRateLimit(false)
                    .setType(OutboundType.MARK_READ)
                    .setMarkRead(MarkRead.newBuilder().setMessageId(messageId).build())
                    .setBusinessNumberId(businessNumberId)
                    .build()));
        }
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static void validate(JsonNode content) {
        List<FieldProblem> problems = OutboundContent.validate(content);
        if (!problems.isEmpty()) {
            throw new Refusal(Reason.INVALID_MESSAGE, "the message breaks WhatsApp's rules", problems);
        }
    }

    /** A template must match an approved one of the channel's catalogue, when the channel has one (template package). */
    private void checkTemplate(String channelId, JsonNode content) {
        List<FieldProblem> problems = templates.check(channelId, content);
        if (!problems.isEmpty()) {
            throw new Refusal(Reason.INVALID_MESSAGE, "the template does not match an approved template of the channel",
                    problems);
        }
    }

    private void checkAllowed(Conversation conversation, boolean template, Instant now) {
        boolean insideWindow = window(conversation).isOpenAt(now);
        if (!template && !insideWindow) {
            throw new Refusal(Reason.SERVICE_WINDOW_CLOSED,
                    "the customer service window is closed: only templates may be sent");
        }
        if (template && !insideWindow && conversation.optedOut()) {
            throw new Refusal(Reason.RECIPIENT_OPTED_OUT, "the customer opted out of business-initiated messages");
        }
    }

    /**
     * A template whose category in the channel's catalogue is MARKETING is refused to a customer who stopped
     * marketing messages (consent.MarketingConsent), inside the window or not; utility and authentication templates
     * are not. A channel without a catalogue cannot tell a marketing template: it is not refused here (WhatsApp's
     * 131050 then tells, and records the consent).
     */
    private void checkMarketingConsent(String channelId, Conversation conversation, JsonNode content) {
        if (OutboundContent.isTemplate(content)
                && templates.category(channelId, content).filter("MARKETING"::equalsIgnoreCase).isPresent()
                && consent.optedOut(channelId, conversation.customerId())) {
            throw new Refusal(Reason.RECIPIENT_OPTED_OUT_OF_MARKETING,
                    "the customer stopped marketing messages: marketing templates are not sent to them");
        }
    }
}
