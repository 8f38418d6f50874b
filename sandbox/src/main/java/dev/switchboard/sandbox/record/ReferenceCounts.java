package dev.switchboard.sandbox.record;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Sends per reference for the sandbox's whole life (neither the log's bound nor a {@code DELETE} lowers them): what a
 * soak counts "sent zero times" and "sent twice" by. A send's references are its {@code biz_opaque_callback_data}
 * (Meta, 360dialog: outbound-service's request id) and every {@code reply:<digits>} token in its text (Meta's
 * {@code text.body}, Twilio's {@code Body}: Twilio carries no request id). A mark-as-read is no send. Kept compact (a
 * few counters and the acceptance times per reference): tens of thousands of references cost a few megabytes.
 */
public final class ReferenceCounts {

    private static final Pattern REPLY_TOKEN = Pattern.compile("reply:[0-9]+");

    private final Map<String, Tally> byReference = new ConcurrentHashMap<>();

    /**
     * One reference's sends.
     *
     * @param accepted   answered 200/201 with a message id (even when a failed status follows)
     * @param refused    answered with an error (a refusal or an injected fault)
     * @param acceptedAt when each accepted one arrived, epoch milliseconds, oldest first
     */
    public record Sends(long accepted, long refused, List<Long> acceptedAt) {
    }

    /** Counts one request the provider endpoints received under each of its references (none: not counted). */
    public void count(RecordedMessage message) {
        if ("read".equals(message.type())) {
            return;
        }
        Set<String> references = references(message.request());
        if (references.isEmpty()) {
            return;
        }
        boolean accepted = message.messageId() != null
                && (message.httpStatus() == 200 || message.httpStatus() == 201);
        long at = message.receivedAt().toEpochMilli();
        for (String reference : references) {
            byReference.computeIfAbsent(reference, r -> new Tally()).add(accepted, at);
        }
    }

    /** Every reference seen so far, sorted. */
    public Map<String, Sends> all() {
        Map<String, Sends> all = new TreeMap<>();
        byReference.forEach((reference, tally) -> all.put(reference, tally.sends()));
        return all;
    }

    static Set<String> references(JsonNode request) {
        Set<String> references = new LinkedHashSet<>();
        if (request == null || !request.isObject()) {
            return references;
        }
        JsonNode callbackData = request.get("biz_opaque_callback_data");
        if (callbackData != null && callbackData.isString() && !callbackData.asString().isBlank()) {
            references.add(callbackData.asString());
        }
        for (JsonNode text : new JsonNode[]{request.path("text").path("body"), request.path("Body")}) {
            if (text.isString()) {
                Matcher token = REPLY_TOKEN.matcher(text.asString());
                while (token.find()) {
                    references.add(token.group());
                }
            }
        }
        return references;
    }

    private static final class Tally {
        private long accepted;
        private long refused;
        private final List<Long> acceptedAt = new ArrayList<>(1);

        synchronized void add(boolean wasAccepted, long at) {
            if (wasAccepted) {
                accepted++;
                acceptedAt.add(at);
            } else {
                refused++;
            }
        }

        synchronized Sends sends() {
            return new Sends(accepted, refused, List.copyOf(acceptedAt));
        }
    }
}
