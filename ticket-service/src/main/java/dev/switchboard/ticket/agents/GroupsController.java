package dev.switchboard.ticket.agents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.ticket.access.Callers;
import dev.switchboard.ticket.channel.ChannelFile;
import dev.switchboard.ticket.content.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's groups: every group there is (described by an admin, a channel's, or an agent's) with its member
 * count and its channels. A group needs no row: a channel's group or an agent's membership makes it exist.
 */
@RestController
class GroupsController {

    private static final Logger log = LoggerFactory.getLogger(GroupsController.class);
    private static final String GROUPS = "/api/admin/groups";

    private final AgentStore store;
    private final ChannelFile file;
    private final ObjectProvider<ChannelFeed> feed;

    GroupsController(AgentStore store, ChannelFile file, ObjectProvider<ChannelFeed> feed) {
        this.store = store;
        this.file = file;
        this.feed = feed;
    }

    @GetMapping(path = GROUPS, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list() {
        Map<String, List<String>> channels = new TreeMap<>();
        file.channels().forEach((id, channel) -> channels.computeIfAbsent(channel.groupOf(id),
                g -> new ArrayList<>()).add(id));
        ChannelFeed live = feed.getIfAvailable();
        if (live != null) {
            live.all().forEach((id, config) -> {
                String group = config.getGroup() == null || config.getGroup().isBlank() ? id : config.getGroup();
                List<String> ids = channels.computeIfAbsent(group, g -> new ArrayList<>());
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            });
        }
        Map<String, AgentStore.Group> groups = store.groups();
        channels.keySet().forEach(name -> groups.putIfAbsent(name, new AgentStore.Group(name, null, 0)));
        List<Map<String, Object>> items = new TreeMap<>(groups).values().stream().map(group -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", group.name());
            json.put("description", group.description());
            json.put("members", group.members());
            json.put("channels", channels.getOrDefault(group.name(), List.of()).stream().sorted().toList());
            return json;
        }).toList();
        return Map.of("items", items);
    }

    @PostMapping(path = GROUPS, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode request) {
        String name = request.path("name").isString() ? request.path("name").asString().trim() : "";
        String description = request.path("description").isString() ? request.path("description").asString().trim()
                : null;
        List<FieldProblem> problems = new ArrayList<>();
        if (name.isEmpty() || name.length() > 100) {
            problems.add(new FieldProblem("name", "is required, at most 100 characters"));
        }
        if (description != null && description.length() > 1000) {
            problems.add(new FieldProblem("description", "must be at most 1000 characters"));
        }
        if (!problems.isEmpty()) {
            throw AgentRefusal.invalid("invalid_group", problems);
        }
        if (!store.describeGroup(name, description == null || description.isEmpty() ? null : description)) {
            throw new AgentRefusal(HttpStatus.CONFLICT, "group_exists", "This group is described already.", List.of());
        }
        log.info("group {} described by {}", name, Callers.current().login());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("description", description == null || description.isEmpty() ? null : description);
        return ResponseEntity.status(HttpStatus.CREATED).body(json);
    }
}
