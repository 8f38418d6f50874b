package dev.switchboard.sandbox.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartFile;

import dev.switchboard.sandbox.SandboxSettings;
import dev.switchboard.sandbox.dialog360.Dialog360Api;
import dev.switchboard.sandbox.graph.GraphApi;
import dev.switchboard.sandbox.graph.GraphMedia;
import dev.switchboard.sandbox.graph.GraphOnboarding;
import dev.switchboard.sandbox.graph.TemplateCatalogue;
import dev.switchboard.sandbox.media.DownloadUrls;
import dev.switchboard.sandbox.media.MediaUpload;
import dev.switchboard.sandbox.twilio.TwilioAccounts;
import dev.switchboard.sandbox.twilio.TwilioApi;
import dev.switchboard.sandbox.twilio.TwilioContent;
import dev.switchboard.sandbox.twilio.TwilioMedia;

/**
 * The fake provider APIs: Meta's Graph API (sends, media, onboarding, templates) and Twilio's Messages API (media
 * URLs, accounts, senders and the Content API). 360dialog's is {@link Dialog360Controller}.
 */
@RestController
public class ProviderApiController {

    private final GraphApi graph;
    private final GraphMedia graphMedia;
    private final TwilioApi twilio;
    private final TwilioMedia twilioMedia;
    private final GraphOnboarding onboarding;
    private final TemplateCatalogue templates;
    private final TwilioAccounts twilioAccounts;
    private final TwilioContent twilioContent;
    private final Dialog360Api dialog360;
    private final SandboxSettings settings;
    private final HeldAnswers held;

    public ProviderApiController(GraphApi graph, GraphMedia graphMedia, TwilioApi twilio, TwilioMedia twilioMedia,
                                 GraphOnboarding onboarding, TemplateCatalogue templates, TwilioAccounts twilioAccounts,
                                 TwilioContent twilioContent, Dialog360Api dialog360, SandboxSettings settings,
                                 HeldAnswers held) {
        this.graph = graph;
        this.held = held;
        this.dialog360 = dialog360;
        this.twilioContent = twilioContent;
        this.twilioAccounts = twilioAccounts;
        this.onboarding = onboarding;
        this.templates = templates;
        this.graphMedia = graphMedia;
        this.twilio = twilio;
        this.twilioMedia = twilioMedia;
        this.settings = settings;
    }

    /**
     * {@code POST /v23.0/100200300400500/messages} (any Graph API version), and the number's {@code register} of an
     * onboarding. Asynchronous: a send held by a delay fault waits without a servlet thread.
     */
    @PostMapping("/{version:v[0-9]+\\.[0-9]+}/{phoneNumberId}/{edge:messages|register}")
    public DeferredResult<ResponseEntity<String>> graphSend(@PathVariable String phoneNumberId,
                                                            @PathVariable String edge,
                                                            @RequestHeader(value = HttpHeaders.AUTHORIZATION,
                                                                    required = false) String authorization,
                                                            @RequestBody(required = false) byte[] body) {
        return held.give(edge.equals("register") ? onboarding.register(phoneNumberId, authorization, body)
                : graph.send(phoneNumberId, authorization, body));
    }

    /**
     * {@code GET /v23.0/1234567890123456}: the media's download URL, type, hash and size; for a phone_number_id, the
     * number (its quality, throughput and limit).
     */
    @GetMapping("/{version:v[0-9]+\\.[0-9]+}/{mediaId:[0-9]+}")
    public ResponseEntity<String> graphMediaLookup(@PathVariable String mediaId,
                                                   @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                                   String authorization,
                                                   @RequestParam(name = "phone_number_id", required = false)
                                                   String phoneNumberId,
                                                   HttpServletRequest request) {
        if (onboarding.isPhoneNumber(mediaId)) {
            return onboarding.phoneNumber(mediaId, authorization).toResponse();
        }
        return graphMedia.lookup(mediaId, authorization, phoneNumberId, MediaResponses.baseUrl(settings, request))
                .toResponse();
    }

    @DeleteMapping("/{version:v[0-9]+\\.[0-9]+}/{mediaId:[0-9]+}")
    public ResponseEntity<String> graphMediaDelete(@PathVariable String mediaId,
                                                   @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                                   String authorization,
                                                   @RequestParam(name = "phone_number_id", required = false)
                                                   String phoneNumberId) {
        return graphMedia.delete(mediaId, authorization, phoneNumberId).toResponse();
    }

    /**
     * The download URL the lookup hands out (Meta's lookaside URL), with the same bearer token; or, without one,
     * a 360dialog lookup's URL whose host alone was replaced (the {@code /360dialog} prefix dropped), with the key.
     */
    @GetMapping(DownloadUrls.PATH)
    public ResponseEntity<?> graphMediaDownload(@RequestParam(required = false) String mid,
                                                @RequestParam(required = false) String ext,
                                                @RequestParam(required = false) String hash,
                                                @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                                String authorization,
                                                @RequestHeader(value = "D360-API-KEY", required = false)
                                                String dialog360Key) {
        if (authorization == null && dialog360Key != null) {
            return MediaResponses.of(dialog360.download(dialog360Key, mid, ext, hash));
        }
        return MediaResponses.of(graphMedia.download(mid, ext, hash, authorization));
    }

    /** {@code POST /v23.0/100200300400500/media}, multipart: {@code messaging_product}, {@code file}, {@code type}. */
    @PostMapping("/{version:v[0-9]+\\.[0-9]+}/{phoneNumberId}/media")
    public ResponseEntity<String> graphMediaUpload(@PathVariable String phoneNumberId,
                                                   @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                                   String authorization,
                                                   @RequestParam(name = "messaging_product", required = false)
                                                   String messagingProduct,
                                                   @RequestParam(name = "file", required = false) MultipartFile file) {
        MediaUpload upload = file == null ? null
                : new MediaUpload(file.getOriginalFilename(), file.getContentType(), file::getInputStream);
        return graphMedia.upload(phoneNumberId, authorization, messagingProduct, upload).toResponse();
    }

    /** {@code GET /v23.0/debug_token?input_token=…} (also without a version, as Graph takes it). */
    @GetMapping({"/{version:v[0-9]+\\.[0-9]+}/debug_token", "/debug_token"})
    public ResponseEntity<String> graphDebugToken(@RequestParam(name = "input_token", required = false)
                                                  String inputToken,
                                                  @RequestParam(name = "access_token", required = false)
                                                  String accessToken,
                                                  @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                                  String authorization) {
        return onboarding.debugToken(inputToken, authorization, accessToken).toResponse();
    }

    /** The WABA's numbers and its message templates, paged with {@code limit} and {@code after}. */
    @GetMapping("/{version:v[0-9]+\\.[0-9]+}/{wabaId}/{edge:phone_numbers|message_templates}")
    public ResponseEntity<String> graphWabaEdge(@PathVariable String wabaId, @PathVariable String edge,
                                                @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                                String authorization,
                                                @RequestParam(required = false) Integer limit,
                                                @RequestParam(required = false) String after,
                                                @RequestParam(required = false) String name,
                                                @RequestParam(required = false) String status,
                                                HttpServletRequest request) {
        String url = edgeUrl(request);
        return (edge.equals("phone_numbers") ? onboarding.phoneNumbers(wabaId, authorization, limit, after, url)
                : templates.list(wabaId, authorization, name, status, limit, after, url)).toResponse();
    }

    /** {@code POST} subscribes the app to the WABA's webhooks, {@code DELETE} unsubscribes it. */
    @RequestMapping(path = "/{version:v[0-9]+\\.[0-9]+}/{wabaId}/subscribed_apps",
            method = {RequestMethod.POST, RequestMethod.DELETE})
    public ResponseEntity<String> graphSubscribe(@PathVariable String wabaId,
                                                 @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                                 String authorization,
                                                 @RequestBody(required = false) byte[] body,
                                                 HttpServletRequest request) {
        return ("DELETE".equals(request.getMethod()) ? onboarding.unsubscribe(wabaId, authorization)
                : onboarding.subscribe(wabaId, authorization, GraphParameters.of(request, body))).toResponse();
    }

    @GetMapping("/{version:v[0-9]+\\.[0-9]+}/{wabaId}/subscribed_apps")
    public ResponseEntity<String> graphSubscribedApps(@PathVariable String wabaId,
                                                      @RequestHeader(value = HttpHeaders.AUTHORIZATION,
                                                              required = false) String authorization) {
        return onboarding.subscribedApps(wabaId, authorization).toResponse();
    }

    /** A Twilio {@code MediaUrl}: the file, with the account's Basic auth. */
    @GetMapping("/2010-04-01/Accounts/{accountSid}/Messages/{messageSid}/Media/{mediaSid}")
    public ResponseEntity<?> twilioMediaDownload(@PathVariable String accountSid, @PathVariable String messageSid,
                                                 @PathVariable String mediaSid,
                                                 @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                                 String authorization) {
        return MediaResponses.of(twilioMedia.download(accountSid, messageSid, mediaSid, authorization));
    }

    /** The account: how an onboarding checks an account SID and auth token. */
    @GetMapping("/2010-04-01/Accounts/{accountSid}.json")
    public ResponseEntity<String> twilioAccount(@PathVariable String accountSid,
                                                @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                                String authorization) {
        return twilioAccounts.account(accountSid, authorization).toResponse();
    }

    /** The Senders API (messaging.twilio.com): the account's WhatsApp senders. */
    @GetMapping("/v2/Channels/Senders")
    public ResponseEntity<String> twilioSenders(@RequestParam(name = "Channel", required = false) String channel,
                                                @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                                String authorization,
                                                HttpServletRequest request) {
        return twilioAccounts.senders(authorization, channel, MediaResponses.baseUrl(settings, request)).toResponse();
    }

    /** The Content API (content.twilio.com): the account's templates, with their WhatsApp approval or without. */
    @GetMapping({"/v1/Content", "/v1/ContentAndApprovals"})
    public ResponseEntity<String> twilioContent(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                                String authorization,
                                                @RequestParam(name = "PageSize", required = false) Integer pageSize,
                                                @RequestParam(name = "Page", required = false) Integer page,
                                                HttpServletRequest request) {
        return twilioContent.list(authorization, request.getRequestURI().endsWith("ContentAndApprovals"), pageSize,
                page, MediaResponses.baseUrl(settings, request)).toResponse();
    }

    /** Twilio's Messages API. Asynchronous: a send held by a delay fault waits without a servlet thread. */
    @PostMapping("/2010-04-01/Accounts/{accountSid}/Messages.json")
    public DeferredResult<ResponseEntity<String>> twilioSend(@PathVariable String accountSid,
                                                             @RequestHeader(value = HttpHeaders.AUTHORIZATION,
                                                                     required = false) String authorization,
                                                             @RequestParam MultiValueMap<String, String> form) {
        Map<String, List<String>> params = new LinkedHashMap<>(form);
        return held.give(twilio.send(accountSid, authorization, params));
    }

    /** The URL of a Graph edge without its query, for {@code paging.next}. */
    private String edgeUrl(HttpServletRequest request) {
        return MediaResponses.baseUrl(settings, request) + request.getRequestURI();
    }
}
