package dev.switchboard.sandbox.graph;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.switchboard.sandbox.channel.BusinessNumber;
import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.NumberStates;
import dev.switchboard.sandbox.webhook.MetaWebhooks;
import dev.switchboard.sandbox.webhook.Webhook;
import dev.switchboard.sandbox.webhook.WebhookRoutes;
import dev.switchboard.sandbox.webhook.WebhookSender;
import tools.jackson.databind.node.ObjectNode;

/**
 * Account-level webhooks on demand, as Meta posts them when its review or quality rating changes something: a
 * template's status ({@code message_template_status_update}) and a number's quality, limit or throughput
 * ({@code phone_number_quality_update}). The change is kept (the template listing and {@code phone_numbers} answer
 * it) and the webhook goes where the WABA's webhooks go ({@link WebhookRoutes}), signed like every webhook.
 * Shapes: Meta's webhook references for message_template_status_update and phone_number_quality_update
 * (developers.facebook.com/docs/whatsapp/business-management-api/webhooks/components and
 * …/cloud-api/webhooks/reference/phone_number_quality_update).
 */
public final class AccountWebhooks {

    private static final Set<String> TEMPLATE_EVENTS = Set.of("APPROVED", "REJECTED", "PAUSED", "DISABLED");
    private static final Set<String> QUALITY_EVENTS = Set.of("FLAGGED", "UNFLAGGED", "UPGRADE", "DOWNGRADE",
            "THROUGHPUT_UPGRADE");
    /** Meta's messaging limits, lowest first. */
    private static final List<String> LIMITS = List.of("TIER_250", "TIER_2K", "TIER_10K", "TIER_100K",
            "TIER_UNLIMITED");
    private static final Set<String> QUALITIES = Set.of("GREEN", "YELLOW", "RED");
    private static final Set<String> THROUGHPUTS = Set.of("STANDARD", "HIGH");

    private final Channels channels;
    private final TemplateCatalogue templates;
    private final NumberStates numbers;
    private final WebhookRoutes routes;
    private final WebhookSender sender;
    private final Duration timeout;
    private final Clock clock;

    public AccountWebhooks(Channels channels, TemplateCatalogue templates, NumberStates numbers, WebhookRoutes routes,
                           WebhookSender sender, Duration timeout, Clock clock) {
        this.channels = channels;
        this.templates = templates;
        this.numbers = numbers;
        this.routes = routes;
        this.sender = sender;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** {@code POST /sandbox/templates/status}. */
    public record TemplateStatus(String wabaId, String name, String language, String event, String reason) {
    }

    /** {@code POST /sandbox/numbers/quality}. */
    public record NumberQuality(String phoneNumberId, String event, String currentLimit, String quality,
                                String throughputLevel) {
    }

    /**
     * What was changed and posted.
     *
     * @param field      the webhook's field
     * @param value      the change's value, as posted
     * @param deliveries one per URL the WABA's webhooks go to, with the first attempt's answer
     * @param problem    why nothing was posted (no webhook yet), else null
     */
    public record Posted(String field, ObjectNode value, List<Delivery> deliveries, String problem) {
        /** Whether every webhook was taken (2xx), and there was one. */
        public boolean taken() {
            return problem == null && deliveries.stream().allMatch(d -> d.ingressStatus() >= 200
                    && d.ingressStatus() < 300);
        }
    }

    /** One webhook posted: where, the answer to the first attempt, the exact body. */
    public record Delivery(String url, int ingressStatus, String ingressBody, String webhook) {
    }

    /** Changes the template's status in the catalogue and posts {@code message_template_status_update}. */
    public Posted templateStatus(TemplateStatus request) {
        String event = oneOf("event", request.event(), TEMPLATE_EVENTS);
        require("wabaId", request.wabaId());
        require("name", request.name());
        require("language", request.language());
        if (channels.byWaba(request.wabaId()).isEmpty()) {
            throw new IllegalArgumentException("no channel or account has WABA " + request.wabaId());
        }
        ObjectNode template = templates.changeStatus(request.wabaId(), request.name(), request.language(), event)
                .orElseThrow(() -> new IllegalArgumentException("WABA " + request.wabaId() + " has no template "
                        + request.name() + " in " + request.language()));
        ObjectNode value = MetaWebhooks.META_JSON.createObjectNode();
        value.put("event", event);
        value.put("message_template_id", Long.parseLong(template.get("id").asString()));
        value.put("message_template_name", request.name());
        value.put("message_template_language", request.language());
        value.put("reason", request.reason() == null || request.reason().isBlank() ? "NONE" : request.reason());
        return post(channels.byWaba(request.wabaId()), request.wabaId(), "message_template_status_update", value,
                clock.instant(), "template " + request.name() + " " + event);
    }

    /**
     * Changes the number (quality, limit, throughput) and posts {@code phone_number_quality_update}. Unless given,
     * FLAGGED makes the quality RED and UNFLAGGED GREEN, UPGRADE and DOWNGRADE move the limit one tier, and
     * THROUGHPUT_UPGRADE makes the throughput HIGH.
     */
    public Posted numberQuality(NumberQuality request) {
        String event = oneOf("event", request.event(), QUALITY_EVENTS);
        require("phoneNumberId", request.phoneNumberId());
        Channel channel = channels.byPhoneNumberId(request.phoneNumberId()).orElseThrow(() ->
                new IllegalArgumentException("unknown phoneNumberId " + request.phoneNumberId()));
        BusinessNumber before = numbers.get(request.phoneNumberId());
        int tier = LIMITS.indexOf(before.messagingLimit());
        String limit = request.currentLimit() != null ? oneOf("currentLimit", request.currentLimit(), Set.copyOf(LIMITS))
                : switch (event) {
                    case "UPGRADE" -> LIMITS.get(Math.min(tier + 1, LIMITS.size() - 1));
                    case "DOWNGRADE" -> LIMITS.get(Math.max(tier - 1, 0));
                    default -> before.messagingLimit();
                };
        String quality = request.quality() != null ? oneOf("quality", request.quality(), QUALITIES)
                : switch (event) {
                    case "FLAGGED" -> "RED";
                    case "UNFLAGGED" -> "GREEN";
                    default -> before.quality();
                };
        String throughput = request.throughputLevel() != null
                ? oneOf("throughputLevel", request.throughputLevel(), THROUGHPUTS)
                : event.equals("THROUGHPUT_UPGRADE") ? "HIGH" : before.throughputLevel();
        numbers.update(request.phoneNumberId(), n -> new BusinessNumber(n.id(), n.displayNumber(), n.verifiedName(),
                n.status(), quality, throughput, limit));
        ObjectNode value = MetaWebhooks.META_JSON.createObjectNode();
        value.put("display_phone_number", before.digits());
        value.put("event", event);
        value.put("current_limit", limit);
        if (!limit.equals(before.messagingLimit())) {
            value.put("old_limit", before.messagingLimit());
        }
        value.put("max_daily_conversations_per_business", limit);
        return post(List.of(channel), channel.meta().wabaId(), "phone_number_quality_update", value,
                clock.instant(), "quality " + event + " of " + request.phoneNumberId());
    }

    /**
     * Posts a change of a number's {@code messages}-like field ({@code user_preferences}, {@code calls}), whose
     * value carries the number's {@code metadata} and whose entry no {@code time}, where the channel's webhooks go.
     */
    public Posted postForNumber(Channel channel, String field, ObjectNode value, String description) {
        return post(List.of(channel), channel.meta().wabaId(), field, value, null, description);
    }

    private Posted post(List<Channel> of, String wabaId, String field, ObjectNode value, Instant time,
                        String description) {
        Map<String, WebhookRoutes.Route> targets = new LinkedHashMap<>();
        for (Channel channel : of) {
            routes.meta(channel).ifPresent(route -> targets.putIfAbsent(route.url(), route));
        }
        if (targets.isEmpty()) {
            return new Posted(field, value, List.of(), routes.whyNone(of.get(0)));
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (WebhookRoutes.Route route : targets.values()) {
            Webhook webhook = MetaWebhooks.webhook(route, wabaId, field, value, time, description);
            WebhookSender.Attempt first = sender.send(webhook).awaitFirst(timeout.plusSeconds(2));
            deliveries.add(new Delivery(route.url(), first.status(), first.body(), webhook.bodyText()));
        }
        return new Posted(field, value, List.copyOf(deliveries), null);
    }

    private static String oneOf(String field, String value, Set<String> allowed) {
        String upper = value == null ? null : value.trim().toUpperCase(Locale.ROOT);
        if (upper == null || !allowed.contains(upper)) {
            throw new IllegalArgumentException(field + " must be one of " + allowed.stream().sorted().toList()
                    + ", not " + value);
        }
        return upper;
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
