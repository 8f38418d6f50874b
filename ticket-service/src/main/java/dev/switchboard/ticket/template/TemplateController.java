package dev.switchboard.ticket.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.Callers;
import dev.switchboard.ticket.channel.TicketChannels;
import dev.switchboard.ticket.errors.ErrorBody;
import dev.switchboard.ticket.template.rules.Template;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * The template catalogue for agents (bearer token of the agent API): {@code GET /api/templates} lists it,
 * {@code POST /api/templates/sync} syncs a channel (or every channel) now.
 */
@RestController
@RequestMapping(path = "/api/templates", produces = MediaType.APPLICATION_JSON_VALUE)
class TemplateController {

    private final TemplateCatalogue catalogue;
    private final TemplateSync sync;
    private final TemplateSources sources;
    private final TicketChannels channels;

    TemplateController(TemplateCatalogue catalogue, TemplateSync sync, TemplateSources sources,
                       TicketChannels channels) {
        this.catalogue = catalogue;
        this.channels = channels;
        this.sync = sync;
        this.sources = sources;
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) String channelId,
                             @RequestParam(required = false) String status,
                             @RequestParam(required = false) String name) {
        Caller caller = Callers.current();
        List<Map<String, Object>> items = catalogue.list(blankToNull(channelId), blankToNull(status), blankToNull(name))
                .stream()
                // only the templates of channels whose tickets the caller may see
                .filter(e -> caller.canSee(group(e.channelId())))
                .map(TemplateController::item).toList();
        return Map.of("items", items);
    }

    @PostMapping("/sync")
    @ApiResponse(responseCode = "202", description = "a sync is requested: {channelId, sync: \"requested\"}")
    @ApiResponse(responseCode = "404", description = "unknown_channel: no such channel",
            content = @Content(schema = @Schema(ref = ErrorBody.SCHEMA)))
    ResponseEntity<Map<String, Object>> sync(@RequestParam(required = false) String channelId) {
        String channel = blankToNull(channelId);
        if (channel == null) {
            sync.requestAll();
        } else if (!sources.knows(channel)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                    .body(ErrorBody.of("unknown_channel", "channel " + channel + " is not configured"));
        } else {
            sync.request(channel);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channelId", channel);
        body.put("sync", "requested");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }

    private static Map<String, Object> item(TemplateCatalogue.Entry entry) {
        Template t = entry.template();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", t.id());
        item.put("channelId", entry.channelId());
        item.put("source", t.source().wire());
        item.put("name", t.name());
        item.put("language", t.language());
        item.put("category", t.category());
        item.put("status", t.status());
        item.put("reason", t.reason());
        item.put("parameterFormat", t.parameterFormat());
        item.put("components", t.components());
        if (t.variables() != null) {
            item.put("variables", t.variables());
        }
        item.put("parameters", t.parameters().describe());
        item.put("syncedAt", entry.syncedAt());
        return item;
    }

    /** The group of the channel's tickets: the channel's group, else its id (as tickets get it). */
    private String group(String channelId) {
        return channels.orDefaults(channelId).groupOf(channelId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
