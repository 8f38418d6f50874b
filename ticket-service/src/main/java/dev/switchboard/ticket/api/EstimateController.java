package dev.switchboard.ticket.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.Callers;
import dev.switchboard.ticket.agent.AgentActions;
import dev.switchboard.ticket.agent.FileReplies;
import dev.switchboard.ticket.agent.Refusal;
import dev.switchboard.ticket.billing.ReplyPricing;
import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.content.UploadedFile;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/tickets/{id}/articles/estimate}: what a reply would send, before it is sent, with the same body as
 * the reply: JSON content (one message), or the multipart body of a file reply (one message per file), or, to
 * estimate before uploading, JSON {@code {"files": [{"mimeType", "size", "filename"}], "caption", "as"}} describing
 * the files. Refused as the reply would be (404, 409, 422); else {@code {messages, billableMessages, category, free,
 * reason}} ({@link ReplyPricing}). Nothing is stored or sent.
 */
@RestController
class EstimateController {

    private static final String PATH = "/api/tickets/{id}/articles/estimate";

    private final AgentActions actions;
    private final FileReplies files;

    EstimateController(AgentActions actions, FileReplies files) {
        this.actions = actions;
        this.files = files;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "{messages, billableMessages, category, free, reason}")
    @ApiResponse(responseCode = "409", description = "service_window_closed, recipient_opted_out or recipient_opted_out_of_marketing")
    @ApiResponse(responseCode = "422", description = "invalid_message, as the reply would be refused")
    Map<String, Object> estimate(@PathVariable long id, @RequestBody JsonNode content) {
        Caller caller = Callers.current();
        if (content.path("files").isArray()) {
            return body(files.estimate(caller, id, described(content.path("files")), text(content, "caption"),
                    text(content, "as")));
        }
        return body(actions.estimate(caller, id, content));
    }

    @PostMapping(path = PATH, consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "{messages, billableMessages, category, free, reason}: one message per file")
    @ApiResponse(responseCode = "409", description = "service_window_closed or recipient_opted_out")
    @ApiResponse(responseCode = "422", description = "invalid_message, naming file[i], file[i].filename, caption or type")
    Map<String, Object> estimateFiles(@PathVariable long id,
                                      @RequestParam(name = "file", required = false) List<MultipartFile> parts,
                                      @RequestParam(required = false) String caption,
                                      @RequestParam(required = false) String type) {
        List<FileReplies.Part> uploaded = Objects.requireNonNullElse(parts, List.<MultipartFile>of()).stream()
                .map(FileReplies::part).toList();
        return body(files.estimateParts(Callers.current(), id, uploaded, blankToNull(caption), blankToNull(type)));
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Map<String, Object>> refused(Refusal refusal) {
        return RefusalAnswer.of(refusal);
    }

    /** The answer: the estimate's fields. */
    static Map<String, Object> body(ReplyPricing.Estimate estimate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", estimate.messages());
        body.put("billableMessages", estimate.billableMessages());
        body.put("category", estimate.category());
        body.put("free", estimate.free());
        body.put("reason", estimate.reason());
        return body;
    }

    private static List<UploadedFile> described(JsonNode files) {
        List<UploadedFile> described = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            JsonNode file = files.get(i);
            if (!file.path("size").canConvertToLong()) {
                throw new Refusal(Refusal.Reason.INVALID_MESSAGE, "each file needs its mimeType and size",
                        List.of(new FieldProblem("files[" + i + "].size", "required: the file's size in bytes")));
            }
            described.add(new UploadedFile(text(file, "mimeType"), file.path("size").asLong(),
                    UploadedFile.baseName(text(file, "filename")), file.path("animated").asBoolean(false)));
        }
        return described;
    }

    private static String text(JsonNode node, String field) {
        return blankToNull(node.path(field).isString() ? node.path(field).asString() : null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
