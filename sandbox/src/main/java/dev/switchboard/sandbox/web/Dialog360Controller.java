package dev.switchboard.sandbox.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartFile;

import dev.switchboard.sandbox.SandboxSettings;
import dev.switchboard.sandbox.dialog360.Dialog360Api;
import dev.switchboard.sandbox.media.DownloadUrls;
import dev.switchboard.sandbox.media.MediaUpload;

/** 360dialog's Cloud API proxy under {@code /360dialog}: the base URL is {@code http://localhost:8090/360dialog}. */
@RestController
@RequestMapping("/360dialog")
public class Dialog360Controller {

    private static final String KEY = "D360-API-KEY";

    private final Dialog360Api api;
    private final SandboxSettings settings;
    private final HeldAnswers held;

    public Dialog360Controller(Dialog360Api api, SandboxSettings settings, HeldAnswers held) {
        this.api = api;
        this.settings = settings;
        this.held = held;
    }

    /** Asynchronous: a send held by a delay fault waits without a servlet thread. */
    @PostMapping("/messages")
    public DeferredResult<ResponseEntity<String>> send(@RequestHeader(value = KEY, required = false) String apiKey,
                                                       @RequestBody(required = false) byte[] body) {
        return held.give(api.send(apiKey, body));
    }

    @PostMapping("/v1/configs/webhook")
    public ResponseEntity<String> setWebhook(@RequestHeader(value = KEY, required = false) String apiKey,
                                             @RequestBody(required = false) byte[] body) {
        return api.setWebhook(apiKey, body).toResponse();
    }

    @GetMapping("/v1/configs/webhook")
    public ResponseEntity<String> webhook(@RequestHeader(value = KEY, required = false) String apiKey) {
        return api.webhook(apiKey).toResponse();
    }

    @GetMapping("/v1/configs/templates")
    public ResponseEntity<String> configTemplates(@RequestHeader(value = KEY, required = false) String apiKey,
                                                  @RequestParam(required = false) Integer limit,
                                                  @RequestParam(required = false) Integer offset) {
        return api.configTemplates(apiKey, limit, offset).toResponse();
    }

    @GetMapping("/message_templates")
    public ResponseEntity<String> messageTemplates(@RequestHeader(value = KEY, required = false) String apiKey,
                                                   @RequestParam(required = false) String name,
                                                   @RequestParam(required = false) String status,
                                                   @RequestParam(required = false) Integer limit,
                                                   @RequestParam(required = false) String after,
                                                   HttpServletRequest request) {
        String edgeUrl = MediaResponses.baseUrl(settings, request) + request.getRequestURI();
        return api.messageTemplates(apiKey, name, status, limit, after, edgeUrl).toResponse();
    }

    @PostMapping("/media")
    public ResponseEntity<String> upload(@RequestHeader(value = KEY, required = false) String apiKey,
                                         @RequestParam(name = "messaging_product", required = false)
                                         String messagingProduct,
                                         @RequestParam(name = "file", required = false) MultipartFile file) {
        MediaUpload upload = file == null ? null
                : new MediaUpload(file.getOriginalFilename(), file.getContentType(), file::getInputStream);
        return api.upload(apiKey, messagingProduct, upload).toResponse();
    }

    @GetMapping("/{mediaId:[0-9]+}")
    public ResponseEntity<String> lookup(@RequestHeader(value = KEY, required = false) String apiKey,
                                         @PathVariable String mediaId) {
        return api.lookup(apiKey, mediaId).toResponse();
    }

    /** The lookup's URL once its lookaside host is replaced by the base URL, as 360dialog documents. */
    @GetMapping(DownloadUrls.PATH)
    public ResponseEntity<?> download(@RequestHeader(value = KEY, required = false) String apiKey,
                                      @RequestParam(required = false) String mid,
                                      @RequestParam(required = false) String ext,
                                      @RequestParam(required = false) String hash) {
        return MediaResponses.of(api.download(apiKey, mid, ext, hash));
    }
}
