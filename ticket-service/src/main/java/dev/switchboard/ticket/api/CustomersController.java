package dev.switchboard.ticket.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.ticket.access.Callers;
import dev.switchboard.ticket.agent.Refusal;
import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.customer.CustomerSearch;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** The customer search of the agent API (docs/public-surface.md). */
@RestController
@RequestMapping(path = "/api/customers", produces = MediaType.APPLICATION_JSON_VALUE)
class CustomersController {

    private final CustomerSearch search;

    CustomersController(CustomerSearch search) {
        this.search = search;
    }

    @GetMapping
    @ApiResponse(responseCode = "200", description = "{items: [{channelId, customerId, waId, userId, username, name, ticketId}]}")
    @ApiResponse(responseCode = "422", description = "invalid_message: q is blank or longer than 100 characters")
    Map<String, Object> find(@RequestParam String q, @RequestParam(required = false) String channelId,
                             @RequestParam(defaultValue = "20") int limit) {
        if (q.isBlank() || q.length() > 100) {
            throw new Refusal(Refusal.Reason.INVALID_MESSAGE, "q must be 1 to 100 characters",
                    List.of(new FieldProblem("q", "a number prefix, @username, or a name")));
        }
        List<Map<String, Object>> items = search.find(Callers.current(), q,
                channelId == null || channelId.isBlank() ? null : channelId, limit).stream().map(f -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("channelId", f.channelId());
                    item.put("customerId", f.customerId());
                    item.put("waId", f.waId());
                    item.put("userId", f.userId());
                    item.put("username", f.username());
                    item.put("name", f.name());
                    item.put("ticketId", f.ticketId());
                    return item;
                }).toList();
        return Map.of("items", items);
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Map<String, Object>> refused(Refusal refusal) {
        return RefusalAnswer.of(refusal);
    }
}
