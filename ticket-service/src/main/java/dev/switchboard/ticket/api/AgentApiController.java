package dev.switchboard.ticket.api;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.Callers;
import dev.switchboard.ticket.agent.AgentActions;
import dev.switchboard.ticket.agent.FileReplies;
import dev.switchboard.ticket.agent.Refusal;
import dev.switchboard.ticket.billing.BillingQueries;
import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.media.ArticleFile;
import dev.switchboard.ticket.media.MediaOutcome;
import dev.switchboard.ticket.media.MediaOutcomes;
import dev.switchboard.ticket.note.Notes;
import dev.switchboard.ticket.queue.AgentRef;
import dev.switchboard.ticket.queue.Queue;
import dev.switchboard.ticket.store.Direction;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.ArticleRow;
import dev.switchboard.ticket.store.TicketRepository.Conversation;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;
import dev.switchboard.ticket.store.TicketState;
import dev.switchboard.ticket.store.Wire;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.switchboard.ticket.window.ServiceWindow;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent API of docs/public-surface.md. Authentication: access.SecurityConfig (a session or a bearer token); every route reads the
 * {@link Caller} once and passes it on, and a ticket the caller cannot see answers 404 as if it did not exist. It answers JSON only, whatever
 * else could write a map: with jackson-dataformat-xml on the classpath (S3Mock brings it into the tests) a client
 * asking for XML would otherwise get XML. Files are served by {@link ArticleMediaController}.
 */
@RestController
@RequestMapping(path = "/api/tickets", produces = MediaType.APPLICATION_JSON_VALUE)
class AgentApiController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_PAGE_SIZE = 200;

    private final TicketRepository repository;
    private final Queue queue;
    private final Notes notes;
    private final AgentActions actions;
    private final FileReplies fileReplies;
    private final MediaOutcomes mediaOutcomes;
    private final BillingQueries billing;
    private final Clock clock;

    AgentApiController(TicketRepository repository, Queue queue, Notes notes, AgentActions actions,
                       FileReplies fileReplies, MediaOutcomes mediaOutcomes, BillingQueries billing, Clock clock) {
        this.repository = repository;
        this.queue = queue;
        this.notes = notes;
        this.actions = actions;
        this.fileReplies = fileReplies;
        this.mediaOutcomes = mediaOutcomes;
        this.billing = billing;
        this.clock = clock;
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(defaultValue = "open") String state,
                             @RequestParam(required = false) String channelId,
                             @RequestParam(required = false) String customer,
                             @RequestParam(required = false) String group,
                             @RequestParam(required = false) String assignee,
                             @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "50") int size) {
        if (!List.of("open", "closed", "all").contains(state)) {
            throw new Refusal(Refusal.Reason.INVALID_MESSAGE, "state must be open, closed or all");
        }
        Caller caller = Callers.current();
        int limit = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        Queue.Filter filter = new Queue.Filter("all".equals(state) ? null : Wire.parse(TicketState.class, state),
                blankToNull(channelId), blankToNull(customer), blankToNull(group), blankToNull(assignee));
        List<TicketRow> rows = queue.list(caller, filter, limit + 1, Math.max(0, page) * limit);
        List<TicketRow> shown = rows.stream().limit(limit).toList();
        Map<Long, Queue.Facts> facts = queue.facts(caller, shown);
        List<Map<String, Object>> items = shown.stream()
                .map(t -> ticket(t, facts.getOrDefault(t.id(), Queue.Facts.NONE))).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("page", Math.max(0, page));
        body.put("size", limit);
        body.put("hasMore", rows.size() > limit);
        return body;
    }

    /** The ticket with its articles and notes; an agent's view of it marks its articles read for them. */
    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable long id) {
        Caller caller = Callers.current();
        TicketRow ticket = queue.ticket(caller, id);
        List<ArticleRow> articles = repository.articles(ticket.id());
        if (!articles.isEmpty()) {
            queue.viewed(caller, ticket.id(), articles.get(articles.size() - 1).id());
        }
        Map<String, Object> body = ticket(caller, ticket);
        body.put("articles", articles(ticket, articles));
        body.put("notes", notes.of(ticket.id()).stream().map(AgentApiController::note).toList());
        return body;
    }

    @PostMapping("/{id}/articles")
    @ApiResponse(responseCode = "202", description = "the new article, pending, with billableMessages (0 or 1)")
    @ApiResponse(responseCode = "409", description = "service_window_closed (only a template outside the window), recipient_opted_out or recipient_opted_out_of_marketing")
    @ApiResponse(responseCode = "422", description = "invalid_message, with details [{field, problem}]")
    ResponseEntity<Map<String, Object>> reply(@PathVariable long id, @RequestBody JsonNode content) {
        Caller caller = Callers.current();
        ArticleRow article = actions.reply(caller, id, content);
        Map<String, Object> body = article(article, null, author(caller));
        body.put("billableMessages", actions.billableMessages(id, content, 1));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }

    /**
     * A reply made of uploaded files ({@code file} parts, one or more; an optional {@code caption} for the first;
     * an optional {@code type} of sticker or document): one article per file. The parts wait on disk
     * (spring.servlet.multipart), never whole in the heap.
     */
    @PostMapping(path = "/{id}/articles", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ApiResponse(responseCode = "202", description = "the new article (one file) or {items: [Article]} (several), with billableMessages")
    @ApiResponse(responseCode = "409", description = "service_window_closed or recipient_opted_out")
    @ApiResponse(responseCode = "422", description = "invalid_message, naming file[i], file[i].filename, caption or type")
    ResponseEntity<Map<String, Object>> replyWithFiles(@PathVariable long id,
                                                       @RequestParam(name = "file", required = false) List<MultipartFile> files,
                                                       @RequestParam(required = false) String caption,
                                                       @RequestParam(required = false) String type) {
        List<FileReplies.Part> parts = Objects.requireNonNullElse(files, List.<MultipartFile>of()).stream()
                .map(FileReplies::part).toList();
        Caller caller = Callers.current();
        List<ArticleRow> articles = fileReplies.reply(caller, id, parts, blankToNull(caption), blankToNull(type));
        List<Map<String, Object>> shown = articles.stream().map(a -> article(a, null, author(caller))).toList();
        Map<String, Object> body = shown.size() == 1 ? shown.get(0) : new LinkedHashMap<>(Map.of("items", shown));
        body.put("billableMessages", actions.billableMessages(id, null, articles.size()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "the new ticket with its articles")
    @ApiResponse(responseCode = "409", description = "recipient_opted_out")
    @ApiResponse(responseCode = "422", description = "unknown_channel, or invalid_message")
    ResponseEntity<Map<String, Object>> start(@RequestBody JsonNode request) {
        Caller caller = Callers.current();
        TicketRow ticket = actions.start(caller, request.path("channelId").asString(null),
                blankToNull(request.path("customer").path("waId").asString(null)),
                blankToNull(request.path("customer").path("userId").asString(null)), request.path("article"));
        Map<String, Object> body = ticket(caller, ticket);
        body.put("articles", articles(ticket, repository.articles(ticket.id())));
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    @PostMapping("/{id}/close")
    Map<String, Object> close(@PathVariable long id) {
        Caller caller = Callers.current();
        return ticket(caller, actions.close(caller, id));
    }

    @PostMapping("/{id}/reopen")
    @ApiResponse(responseCode = "200", description = "the ticket")
    @ApiResponse(responseCode = "409", description = "another_ticket_open: the customer has an open ticket on this channel")
    Map<String, Object> reopen(@PathVariable long id) {
        Caller caller = Callers.current();
        return ticket(caller, actions.reopen(caller, id));
    }

    /** {@code {"agentId": n}} assigns the ticket to that agent, {@code {"agentId": null}} to nobody. */
    @PostMapping("/{id}/assign")
    @ApiResponse(responseCode = "200", description = "the ticket")
    @ApiResponse(responseCode = "422", description = "invalid_assignee: no such enabled agent, or one who cannot see the ticket's group")
    Map<String, Object> assign(@PathVariable long id, @RequestBody JsonNode request) {
        JsonNode agentId = request.path("agentId");
        if (!agentId.isNull() && !agentId.canConvertToLong()) {
            throw new Refusal(Refusal.Reason.INVALID_ASSIGNEE, "agentId must be an agent's id or null",
                    List.of(new FieldProblem("agentId", "required: an agent's id, or null to unassign")));
        }
        Caller caller = Callers.current();
        return ticket(caller, queue.assign(caller, id, agentId.isNull() ? null : agentId.asLong()));
    }

    /** An internal note: stored and shown to agents, never sent to WhatsApp. */
    @PostMapping("/{id}/notes")
    @ApiResponse(responseCode = "201", description = "the note")
    @ApiResponse(responseCode = "422", description = "invalid_note: 1 to 10,000 characters")
    ResponseEntity<Map<String, Object>> addNote(@PathVariable long id, @RequestBody JsonNode request) {
        Notes.Note note = notes.add(Callers.current(), id, request.path("text").isString()
                ? request.path("text").asString() : null);
        return ResponseEntity.status(HttpStatus.CREATED).body(note(note));
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Map<String, Object>> refused(Refusal refusal) {
        return RefusalAnswer.of(refusal);
    }

    private Map<String, Object> ticket(Caller caller, TicketRow ticket) {
        return ticket(ticket, queue.facts(caller, ticket));
    }

    /** A ticket as the API shows it, with what its queue shows ({@code facts}). */
    private Map<String, Object> ticket(TicketRow ticket, Queue.Facts facts) {
        Conversation conversation = repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow();
        ServiceWindow window = actions.window(conversation);
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", ticket.id());
        body.put("channelId", ticket.channelId());
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("waId", conversation.waId());
        customer.put("userId", conversation.userId());
        customer.put("username", conversation.username());
        customer.put("name", conversation.name());
        customer.put("optedOut", conversation.optedOut());
        body.put("customer", customer);
        body.put("state", Wire.of(ticket.state()));
        body.put("group", ticket.group());
        body.put("createdAt", ticket.createdAt());
        body.put("updatedAt", ticket.updatedAt());
        Map<String, Object> windowBody = new LinkedHashMap<>();
        windowBody.put("open", window.isOpenAt(now));
        windowBody.put("expiresAt", window.expiresAt());
        body.put("window", windowBody);
        body.put("assignee", facts.assignee() == null ? null : facts.assignee().describe());
        body.put("unread", facts.unread());
        Queue.LastArticle last = facts.lastArticle();
        Map<String, Object> lastArticle = null;
        if (last != null) {
            lastArticle = new LinkedHashMap<>();
            lastArticle.put("id", last.id());
            lastArticle.put("direction", Wire.of(last.direction()));
            lastArticle.put("type", last.type());
            lastArticle.put("text", last.text());
            lastArticle.put("status", last.status());
            lastArticle.put("createdAt", last.createdAt());
        }
        body.put("lastArticle", lastArticle);
        body.put("billableMessages", billing.billableMessages(ticket.id()));
        return body;
    }

    private static Map<String, Object> note(Notes.Note note) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", note.id());
        body.put("text", note.text());
        body.put("author", note.author().describe());
        body.put("createdAt", note.createdAt());
        return body;
    }

    private static AgentRef author(Caller caller) {
        return new AgentRef(caller.agentId(), caller.login(), caller.name());
    }

    /** The ticket's articles, with the media outcomes of its inbound files and the authors read at once. */
    private List<Map<String, Object>> articles(TicketRow ticket, List<ArticleRow> articles) {
        Map<Long, AgentRef> authors = queue.authors(ticket.id());
        Map<String, MediaOutcome> outcomes = mediaOutcomes.find(ticket.channelId(), articles.stream()
                .filter(a -> a.direction() == Direction.INBOUND && a.messageId() != null)
                .map(ArticleRow::messageId).toList());
        return articles.stream().map(a -> article(a, a.messageId() == null ? null : outcomes.get(a.messageId()),
                authors.get(a.id()))).toList();
    }

    /**
     * @param mediaOutcome media-service's outcome for an inbound article's file, or null
     * @param author       who wrote an outbound article; null for inbound ones and those no agent wrote
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> article(ArticleRow article, MediaOutcome mediaOutcome, AgentRef author) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", article.id());
        body.put("direction", Wire.of(article.direction()));
        body.put("type", article.type());
        body.put("text", article.text());
        if (article.contentJson() != null) {
            body.putAll(JSON.readValue(article.contentJson(), Map.class));
        }
        if (body.get("media") instanceof Map<?, ?> media) {
            body.put("media", ArticleFile.of(article.direction(), (Map<String, Object>) media, mediaOutcome)
                    .describe((Map<String, Object>) media, ArticleMediaController.path(article)));
        }
        body.put("reactions", repository.reactions(article.id()).stream()
                .map(r -> Map.of("emoji", r.emoji(), "by", r.reactor(), "at", r.reactedAt())).toList());
        body.put("messageId", article.messageId());
        body.put("status", article.status().wire());
        if (article.errorCode() != null || article.errorTitle() != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", article.errorCode());
            error.put("title", article.errorTitle());
            error.put("message", article.errorMessage());
            body.put("error", error);
        }
        if (article.direction() == Direction.OUTBOUND) {
            body.put("author", author == null ? null : author.describe());
        }
        body.put("createdAt", article.createdAt());
        return body;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
