package dev.switchboard.media.fetching;

import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;

import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.ProviderError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * What a provider's refusal comes to. Meta's errors ({@code {"error":{"code":100,...}}}) are classified by their code
 * first, then by the HTTP status; Twilio's ({@code {"code":20404,"message":...}}) by the status.
 *
 * <ul>
 *   <li>404, Meta 100 (the media id is unknown or expired): {@link MediaFailure#EXPIRED};</li>
 *   <li>401, 403, Meta 190 (token), 10 and 200-299 (permissions): {@link MediaFailure#CHANNEL_UNAVAILABLE};</li>
 *   <li>408, 429, 5xx, Meta 1, 2, 4, 17, 341, 80007, 130429 (rate limits, temporary): another attempt;</li>
 *   <li>any other 4xx: {@link MediaFailure#REJECTED} with the provider's error.</li>
 * </ul>
 */
public final class ProviderAnswers {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Set<Integer> META_TRANSIENT = Set.of(1, 2, 4, 17, 341, 80007, 130429);
    private static final int SNIPPET = 300;

    private ProviderAnswers() {
    }

    /** The outcome of an answer that is not a success. */
    public static FetchOutcome refusal(String what, int status, String body, Duration retryAfter) {
        ProviderError error = error(body);
        String detail = what + ": HTTP " + status + (error == null ? " " + snippet(body)
                : " error " + error.getCode() + (error.getMessage() == null ? "" : " " + error.getMessage()));
        Integer metaCode = metaCode(body);
        if (metaCode != null) {
            if (metaCode == 100) {
                return new FetchOutcome.Failed(MediaFailure.EXPIRED, detail, error);
            }
            if (metaCode == 190 || metaCode == 10 || (metaCode >= 200 && metaCode <= 299)) {
                return new FetchOutcome.Failed(MediaFailure.CHANNEL_UNAVAILABLE, detail, error);
            }
            if (META_TRANSIENT.contains(metaCode)) {
                return new FetchOutcome.Transient(detail, error, retryAfter);
            }
        }
        if (status == 404 || status == 410) {
            return new FetchOutcome.Failed(MediaFailure.EXPIRED, detail, error);
        }
        if (status == 401 || status == 403) {
            return new FetchOutcome.Failed(MediaFailure.CHANNEL_UNAVAILABLE, detail, error);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new FetchOutcome.Transient(detail, error, retryAfter);
        }
        return new FetchOutcome.Failed(MediaFailure.REJECTED, detail, error);
    }

    /** No answer at all: a timeout or an I/O error is worth another attempt. */
    public static FetchOutcome.Transient unreachable(String what, Throwable error) {
        String reason;
        if (error instanceof HttpConnectTimeoutException) {
            reason = "could not connect in time";
        } else if (error instanceof HttpTimeoutException) {
            reason = "no answer in time";
        } else if (error instanceof IOException) {
            reason = "connection failed";
        } else {
            reason = "failed";
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + " " + error.getMessage();
        return new FetchOutcome.Transient(what + ": " + reason + " (" + message + ")", null, null);
    }

    /** The provider's error in a body: Meta's {@code error} object or Twilio's REST error; null when neither. */
    public static ProviderError error(String body) {
        JsonNode root = json(body);
        JsonNode meta = root.path("error");
        if (integer(meta, "code") != null) {
            String title = text(meta, "error_user_title");
            return ProviderError.newBuilder()
                    .setCode(integer(meta, "code"))
                    .setSubcode(integer(meta, "error_subcode"))
                    .setTitle(title != null ? title : text(meta, "type"))
                    .setMessage(text(meta, "message"))
                    .setDetails(text(meta.path("error_data"), "details"))
                    .setTraceId(text(meta, "fbtrace_id"))
                    .build();
        }
        Integer twilioCode = integer(root, "code");
        return twilioCode == null ? null : ProviderError.newBuilder()
                .setCode(twilioCode)
                .setMessage(text(root, "message"))
                .setHref(text(root, "more_info"))
                .build();
    }

    private static Integer metaCode(String body) {
        return integer(json(body).path("error"), "code");
    }

    /** The body as a JSON tree; a missing node when it is none (an HTML error page, an empty body). */
    static JsonNode json(String body) {
        if (body != null && !body.isBlank()) {
            try {
                return JSON.readTree(body);
            } catch (JacksonException notJson) {
                // an error page or the like: nothing to read
            }
        }
        return MissingNode.getInstance();
    }

    /** A field's text, or null when it is missing or not text. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.stringValue() : null;
    }

    /** A field's integer, or null when it is missing or not an integer. */
    static Integer integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : null;
    }

    /** A number that may come as JSON text ("303833") or as a number; null when neither. */
    static Long size(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isString()) {
            try {
                return Long.parseLong(value.stringValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** The start of a body for a message: one line, at most 300 characters. */
    static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() <= SNIPPET ? line : line.substring(0, SNIPPET) + "…";
    }
}
