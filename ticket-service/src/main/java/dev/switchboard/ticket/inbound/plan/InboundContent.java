package dev.switchboard.ticket.inbound.plan;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.switchboard.events.Call;
import dev.switchboard.events.InboundMessage;

/**
 * What an inbound message shows in the helpdesk: its type, a text, and its typed content. Public for the benchmark's
 * JDBC baselines, which write the same article rows (ticket-service/src/bench).
 */
public record InboundContent(String type, String text, Map<String, Object> content) {

    public static InboundContent of(InboundMessage message) {
        Map<String, Object> content = new LinkedHashMap<>();
        put(content, "media", message.getMedia());
        put(content, "location", message.getLocation());
        put(content, "contacts", message.getContacts());
        put(content, "interactive", message.getInteractive());
        put(content, "button", message.getButton());
        put(content, "order", message.getOrder());
        put(content, "system", message.getSystem());
        put(content, "call", message.getCall());
        put(content, "context", message.getContext());
        put(content, "referral", message.getReferral());
        put(content, "errors", message.getErrors());
        if (message.getProviderType() != null) {
            content.put("providerType", message.getProviderType());
        }
        if (message.getRawJson() != null) {
            content.put("rawJson", message.getRawJson());
        }
        return new InboundContent(message.getType().name().toLowerCase(Locale.ROOT), text(message), content);
    }

    private static String text(InboundMessage message) {
        if (message.getText() != null) {
            return message.getText();
        }
        if (message.getCall() != null) {
            return callText(message.getCall());
        }
        if (message.getMedia() != null && message.getMedia().getCaption() != null) {
            return message.getMedia().getCaption();
        }
        if (message.getButton() != null) {
            return message.getButton().getText();
        }
        if (message.getInteractive() != null) {
            return message.getInteractive().getTitle();
        }
        if (message.getLocation() != null) {
            return message.getLocation().getName();
        }
        return null;
    }

    /** E.g. "Voice call, completed, 33 s"; "Voice call from the business, …" for one the business placed. */
    static String callText(Call call) {
        StringBuilder text = new StringBuilder("Voice call");
        if ("BUSINESS_INITIATED".equalsIgnoreCase(call.getDirection())) {
            text.append(" from the business");
        }
        String what = call.getStatus() != null ? call.getStatus() : call.getEvent();
        if (what != null && !what.isBlank()) {
            text.append(", ").append(what.toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        if (call.getDurationSeconds() != null) {
            text.append(", ").append(call.getDurationSeconds()).append(" s");
        }
        return text.toString();
    }

    private static void put(Map<String, Object> content, String name, Object value) {
        Object plain = AvroMaps.plain(value);
        if (plain != null && !(plain instanceof java.util.List<?> list && list.isEmpty())) {
            content.put(name, plain);
        }
    }
}
