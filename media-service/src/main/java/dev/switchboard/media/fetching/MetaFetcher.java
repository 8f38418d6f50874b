package dev.switchboard.media.fetching;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.Media;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.store.Sha256;
import dev.switchboard.store.StoredObject;
import tools.jackson.databind.JsonNode;

/**
 * Meta's Cloud API, directly or through a BSP's proxy of it ({@link CloudApi}: Graph, 360dialog):
 * {@code GET {base}/{media-id}} with the channel's credential gives the file's URL (valid for five minutes), type,
 * sha256 and size; then {@code GET url} (for a proxy, rewritten onto its base URL) with the same credential gives the
 * bytes. When the announced digest is stored already, nothing is downloaded (a replay after Meta's retention still
 * succeeds). A message that carries only a URL (newer webhooks may) is downloaded from it with the credential.
 */
public final class MetaFetcher {

    private final Downloads downloads;
    private final MediaLimits limits;

    public MetaFetcher(Downloads downloads, MediaLimits limits) {
        this.downloads = downloads;
        this.limits = limits;
    }

    public FetchOutcome fetch(InboundMessage message, CloudApi api) {
        Media media = message.getMedia();
        String type = message.getType().name().toLowerCase(Locale.ROOT);
        long limit = limits.limitFor(message);
        Credential credential = api.credential();
        Optional<String> announced = Sha256.normalize(media.getSha256());
        Optional<FetchOutcome> known = alreadyStored(announced, media.getMimeType());
        if (known.isPresent()) {
            return known.get();
        }
        if (media.getId() == null || media.getId().isBlank()) {
            if (media.getUrl() == null || media.getUrl().isBlank()) {
                return new FetchOutcome.Failed(MediaFailure.REJECTED, "the message names no media id and no URL", null);
            }
            return download(api, "the " + type + "'s download", media.getUrl(), limit, type, announced.orElse(null),
                    media.getMimeType());
        }

        String what = api.name() + " media " + media.getId();
        HttpResponse<String> answer;
        try {
            answer = downloads.http().send(HttpRequest.newBuilder(api.lookup(media.getId()))
                    .timeout(downloads.requestTimeout()).header(credential.header(), credential.value())
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return ProviderAnswers.unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProviderAnswers.unreachable(what, e);
        }
        if (answer.statusCode() != 200) {
            return ProviderAnswers.refusal(what, answer.statusCode(), answer.body(),
                    Downloads.retryAfter(answer.headers().firstValue("Retry-After").orElse(null)));
        }
        JsonNode about = ProviderAnswers.json(answer.body());
        String url = ProviderAnswers.text(about, "url");
        if (url == null || url.isBlank()) {
            return new FetchOutcome.Transient(what + ": no url in the answer " + ProviderAnswers.snippet(answer.body()),
                    null, null);
        }
        String mimeType = ProviderAnswers.text(about, "mime_type") != null ? ProviderAnswers.text(about, "mime_type")
                : media.getMimeType();
        Optional<String> sha256 = announced.isPresent() ? announced
                : Sha256.normalize(ProviderAnswers.text(about, "sha256"));
        if (announced.isEmpty()) {
            known = alreadyStored(sha256, mimeType);
            if (known.isPresent()) {
                return known.get();
            }
        }
        Long size = ProviderAnswers.size(about, "file_size");
        if (size != null && size > limit) {
            return new FetchOutcome.Failed(MediaFailure.TOO_LARGE, api.name() + " announces " + size
                    + " bytes; the limit for " + type + " is " + MediaLimits.describe(limit) + " (" + limit + " bytes)",
                    null);
        }
        return download(api, "the " + type + "'s download", url, limit, type, sha256.orElse(null), mimeType);
    }

    private FetchOutcome download(CloudApi api, String what, String url, long limit, String type, String sha256,
                                  String mimeType) {
        URI from;
        try {
            from = api.download(url);
        } catch (IllegalArgumentException e) {
            return new FetchOutcome.Failed(MediaFailure.REJECTED, what + ": the URL is no URL: " + e.getMessage(), null);
        }
        return downloads.download(what, from, api.credential(), limit, type, sha256, mimeType);
    }

    private Optional<FetchOutcome> alreadyStored(Optional<String> sha256, String mimeType) {
        if (sha256.isEmpty()) {
            return Optional.empty();
        }
        Optional<StoredObject> stored = downloads.store().find(sha256.get());
        return stored.map(object -> new FetchOutcome.Stored(object, mimeType != null ? mimeType : object.mimeType(),
                false));
    }
}
