package dev.switchboard.sandbox.web;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.switchboard.sandbox.SandboxSettings;
import dev.switchboard.sandbox.consent.MarketingPreferences;
import dev.switchboard.sandbox.customer.CustomerEvents;
import dev.switchboard.sandbox.customer.CustomerMessage;
import dev.switchboard.sandbox.customer.CustomerSimulator;
import dev.switchboard.sandbox.fault.Fault;
import dev.switchboard.sandbox.fault.FaultRequest;
import dev.switchboard.sandbox.fault.Faults;
import dev.switchboard.sandbox.graph.AccountWebhooks;
import dev.switchboard.sandbox.media.MediaStore;
import dev.switchboard.sandbox.media.MediaUpload;
import dev.switchboard.sandbox.record.MessageLog;
import dev.switchboard.sandbox.record.RecordedMessage;
import dev.switchboard.sandbox.record.ReferenceCounts;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox's own API: the customer simulator (messages, marketing preferences, calls), account webhooks on
 * demand (template status, number quality), faults, the record of what was received and the media stored.
 */
@RestController
@RequestMapping("/sandbox")
public class SandboxController {

    private final CustomerSimulator customers;
    private final CustomerEvents customerEvents;
    private final AccountWebhooks accountWebhooks;
    private final Faults faults;
    private final MessageLog log;
    private final MediaStore media;
    private final SandboxSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    public SandboxController(CustomerSimulator customers, CustomerEvents customerEvents,
                             AccountWebhooks accountWebhooks, Faults faults, MessageLog log, MediaStore media,
                             SandboxSettings settings, JsonMapper json, Clock clock) {
        this.customers = customers;
        this.customerEvents = customerEvents;
        this.accountWebhooks = accountWebhooks;
        this.faults = faults;
        this.log = log;
        this.media = media;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** 200 when ingress took it (2xx), 502 with the same body when it did not. */
    @PostMapping(value = "/customers/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CustomerSimulator.Sent> customerMessage(@RequestBody CustomerMessage message,
                                                                  HttpServletRequest request) {
        return answer(customers.send(message, List.of(), MediaResponses.baseUrl(settings, request)));
    }

    /**
     * The same with files: a {@code message} part (the JSON above) and one or more {@code file} parts, streamed to
     * disk (a part's Content-Type, else one guessed from its file name, is the file's MIME type).
     */
    @PostMapping(value = "/customers/messages", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<CustomerSimulator.Sent> customerMessageWithFiles(
            @RequestParam("message") String message,
            @RequestParam(name = "file", required = false) List<MultipartFile> files,
            HttpServletRequest request) {
        CustomerMessage parsed;
        try {
            parsed = json.readValue(message, CustomerMessage.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the message part must be the JSON of a customer message: "
                    + e.getOriginalMessage());
        }
        List<MediaUpload> uploads = files == null ? List.of() : files.stream().filter(f -> !f.isEmpty())
                .map(f -> new MediaUpload(f.getOriginalFilename(), contentType(f), f::getInputStream)).toList();
        return answer(customers.send(parsed, uploads, MediaResponses.baseUrl(settings, request)));
    }

    private static ResponseEntity<CustomerSimulator.Sent> answer(CustomerSimulator.Sent sent) {
        boolean taken = sent.ingressStatus() >= 200 && sent.ingressStatus() < 300;
        return ResponseEntity.status(taken ? HttpStatus.OK : HttpStatus.BAD_GATEWAY).body(sent);
    }

    /** The part's type; for none or application/octet-stream (curl's default) the one of its file name, if known. */
    private static String contentType(MultipartFile file) {
        String given = file.getContentType();
        if (given != null && !given.startsWith(MediaType.APPLICATION_OCTET_STREAM_VALUE)) {
            return given;
        }
        return MediaTypeFactory.getMediaType(file.getOriginalFilename()).map(MediaType::toString).orElse(given);
    }

    /**
     * A customer stops or resumes marketing messages: Meta's {@code user_preferences} webhook is posted (200 when it
     * was taken, 502 when not; the preference is kept either way).
     */
    @PostMapping("/customers/preferences")
    public ResponseEntity<AccountWebhooks.Posted> customerPreference(
            @RequestBody CustomerEvents.PreferenceChange request) {
        return posted(customerEvents.preference(request));
    }

    /** Every customer's newest marketing preference, oldest first. */
    @GetMapping("/customers/preferences")
    public Map<String, List<MarketingPreferences.Preference>> customerPreferences() {
        return Map.of("items", customerEvents.preferences());
    }

    /** A customer's call connects or ends: Meta's {@code calls} webhook is posted. */
    @PostMapping("/customers/calls")
    public ResponseEntity<AccountWebhooks.Posted> customerCall(@RequestBody CustomerEvents.CallEvent request) {
        return posted(customerEvents.call(request));
    }

    /**
     * A template's status changes (Meta's review) and {@code message_template_status_update} is posted: 200 when it
     * was taken, 502 when not or when the WABA has no webhook yet (the change is kept either way).
     */
    @PostMapping("/templates/status")
    public ResponseEntity<AccountWebhooks.Posted> templateStatus(@RequestBody AccountWebhooks.TemplateStatus request) {
        return posted(accountWebhooks.templateStatus(request));
    }

    /** A number's quality, limit or throughput changes and {@code phone_number_quality_update} is posted. */
    @PostMapping("/numbers/quality")
    public ResponseEntity<AccountWebhooks.Posted> numberQuality(@RequestBody AccountWebhooks.NumberQuality request) {
        return posted(accountWebhooks.numberQuality(request));
    }

    private static ResponseEntity<AccountWebhooks.Posted> posted(AccountWebhooks.Posted posted) {
        return ResponseEntity.status(posted.taken() ? HttpStatus.OK : HttpStatus.BAD_GATEWAY).body(posted);
    }

    /** Every stored media file (uploads, customers' files, fetched links), oldest first. */
    @GetMapping("/media")
    public Map<String, List<MediaResponses.Info>> mediaFiles() {
        Instant now = clock.instant();
        return Map.of("items", media.all().stream().map(f -> MediaResponses.Info.of(f, now)).toList());
    }

    /** A stored file's bytes, without auth, expiry or faults: for inspection. */
    @GetMapping("/media/{id}")
    public ResponseEntity<?> mediaFile(@PathVariable String id) {
        return media.find(id).<ResponseEntity<?>>map(MediaResponses::stream)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no media " + id)));
    }

    @GetMapping("/media/{id}/info")
    public ResponseEntity<?> mediaInfo(@PathVariable String id) {
        return media.find(id).<ResponseEntity<?>>map(f -> ResponseEntity.ok(MediaResponses.Info.of(f, clock.instant())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no media " + id)));
    }

    @PostMapping("/faults")
    public ResponseEntity<Fault> addFault(@RequestBody FaultRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(faults.add(request));
    }

    @GetMapping("/faults")
    public Map<String, List<Fault>> faults() {
        return Map.of("items", faults.list());
    }

    @DeleteMapping("/faults")
    public ResponseEntity<Void> clearFaults() {
        faults.clear();
        return ResponseEntity.noContent().build();
    }

    /** Everything received, newest last; {@code ?to=} only what was sent to one customer. */
    @GetMapping("/messages")
    public Map<String, List<RecordedMessage>> messages(@RequestParam(required = false) String to) {
        return Map.of("items", to == null || to.isBlank() ? log.all() : log.to(to));
    }

    /**
     * How many requests the provider endpoints received since the sandbox started, per provider and in total: what a
     * test compares to prove that nothing was sent again (not lowered by the log's bound or by a DELETE).
     */
    @GetMapping("/messages/count")
    public Map<String, Object> messageCount() {
        Map<String, Long> byProvider = log.receivedCounts();
        return Map.of("total", byProvider.values().stream().mapToLong(Long::longValue).sum(), "byProvider", byProvider);
    }

    /**
     * Sends per reference since the sandbox started ({@code biz_opaque_callback_data}, and any {@code reply:<n>} token
     * in a text): {@code {"references":{"<reference>":{"accepted","refused","acceptedAt":[epoch ms]}}}}. Not bounded
     * by the log's capacity, not lowered by a DELETE: what a soak counts "sent once" by.
     */
    @GetMapping("/messages/by-reference")
    public Map<String, Map<String, ReferenceCounts.Sends>> messagesByReference() {
        return Map.of("references", log.byReference());
    }

    @DeleteMapping("/messages")
    public ResponseEntity<Void> clearMessages() {
        log.clear();
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(UncheckedIOException.class)
    public ResponseEntity<Map<String, String>> notStored(UncheckedIOException e) {
        return ResponseEntity.internalServerError().body(Map.of("error", e.getMessage() + ": " + e.getCause()));
    }
}
