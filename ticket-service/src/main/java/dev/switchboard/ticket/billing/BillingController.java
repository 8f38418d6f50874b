package dev.switchboard.ticket.billing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.ticket.access.Callers;
import dev.switchboard.ticket.errors.ErrorBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code GET /api/billing}: billable messages per channel, UTC day, category and pricing type, as Meta's statuses
 * priced them ({@link ArticlePricing}). Admins only (like the admin API: what a business pays is not an agent's
 * business); an agent gets 403.
 */
@RestController
class BillingController {

    /** The longest period one request may ask for. */
    static final int MAX_DAYS = 366;

    private final BillingQueries billing;
    private final Clock clock;

    BillingController(BillingQueries billing, Clock clock) {
        this.billing = billing;
        this.clock = clock;
    }

    /**
     * @param from the first UTC day (ISO date), default 30 days before {@code to}
     * @param to   the last UTC day (included), default today
     */
    @GetMapping(path = "/api/billing", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "{items: [{channelId, day, category, pricingType, billableMessages}]}")
    @ApiResponse(responseCode = "403", description = "forbidden: admins only")
    ResponseEntity<Map<String, Object>> billing(@RequestParam(required = false) String channelId,
                                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        if (!Callers.current().isAdmin()) {
            return answer(HttpStatus.FORBIDDEN, ErrorBody.of("forbidden", "Only admins may see billing."));
        }
        LocalDate last = to != null ? to : LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate first = from != null ? from : last.minusDays(30);
        if (first.isAfter(last) || ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            return answer(HttpStatus.BAD_REQUEST, ErrorBody.of("invalid_request", "from must not be after to, and the"
                    + " period at most " + MAX_DAYS + " days"));
        }
        List<Map<String, Object>> items = billing.perDay(channelId == null || channelId.isBlank() ? null : channelId,
                first, last).stream().map(BillingController::item).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", first.toString());
        body.put("to", last.toString());
        body.put("items", items);
        return answer(HttpStatus.OK, body);
    }

    private static Map<String, Object> item(BillingQueries.Day day) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("channelId", day.channelId());
        item.put("day", day.day().toString());
        item.put("category", day.category());
        item.put("pricingType", day.pricingType());
        item.put("billableMessages", day.billableMessages());
        return item;
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
