package dev.switchboard.ticket.media;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.ticket.store.Direction;

/**
 * The file of an article as Switchboard keeps it, and what the agent API says about it. An inbound article with
 * media is {@code pending} until media-service's outcome arrives, then {@code stored} or {@code failed}; an outbound
 * article sent from an upload is {@code stored} from the start; media sent by link or provider id has no file here.
 *
 * @param sha256 the stored file's SHA-256 (lower-case hex), its address in the media store
 */
public record ArticleFile(State state, String sha256, long size, String mimeType, String filename, String reason,
                          String detail) {

    public enum State {
        /** No file of ours: no media, or media sent by link or provider id. */
        NONE,
        PENDING,
        STORED,
        FAILED
    }

    /** The key under which an upload's stored SHA-256 is kept in the article's media, and shown. */
    public static final String STORED_SHA256 = "storedSha256";

    private static final ArticleFile NONE = new ArticleFile(State.NONE, null, 0, null, null, null, null);

    /**
     * @param media the article's {@code media} as stored (null when it has none)
     * @param outcome media-service's outcome for an inbound article (null while there is none)
     */
    public static ArticleFile of(Direction direction, Map<String, Object> media, MediaOutcome outcome) {
        if (media == null) {
            return NONE;
        }
        String filename = text(media.get("filename"));
        String mimeType = text(media.get("mimeType"));
        if (direction == Direction.OUTBOUND) {
            String sha256 = text(media.get(STORED_SHA256));
            return sha256 == null ? NONE : new ArticleFile(State.STORED, sha256,
                    ((Number) media.get("size")).longValue(), mimeType, filename, null, null);
        }
        if (outcome == null) {
            return new ArticleFile(State.PENDING, null, 0, mimeType, filename, null, null);
        }
        if (!outcome.stored()) {
            return new ArticleFile(State.FAILED, null, 0, mimeType, filename, outcome.failure(),
                    outcome.failureDetail());
        }
        return new ArticleFile(State.STORED, outcome.sha256(), outcome.size(),
                outcome.mimeType() != null ? outcome.mimeType() : mimeType,
                filename != null ? filename : outcome.filename(), null, null);
    }

    /** {@code "pending"}, {@code "stored"}, {@code "failed"} (null for {@link State#NONE}). */
    public String status() {
        return state == State.NONE ? null : state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The article's media as the agent API shows it: every field the message had, and the file's {@code status};
     * {@code reason} and {@code detail} when it failed; {@code size}, {@code storedSha256} and {@code downloadUrl}
     * when it is stored. ({@code sha256} stays what the provider announced, in its format.)
     */
    public Map<String, Object> describe(Map<String, Object> media, String downloadUrl) {
        if (state == State.NONE) {
            return media;
        }
        Map<String, Object> shown = new LinkedHashMap<>(media);
        shown.put("status", status());
        switch (state) {
            case FAILED -> {
                shown.put("reason", reason);
                shown.put("detail", detail);
            }
            case STORED -> {
                shown.put("size", size);
                shown.put(STORED_SHA256, sha256);
                shown.put("downloadUrl", downloadUrl);
            }
            default -> {
            }
        }
        return shown;
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isBlank() ? text : null;
    }
}
