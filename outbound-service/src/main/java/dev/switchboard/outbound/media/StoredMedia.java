package dev.switchboard.outbound.media;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.StoredFile;
import dev.switchboard.outbound.channel.OutboundChannels.Channel;
import dev.switchboard.outbound.channel.OutboundChannels.Provider;
import dev.switchboard.outbound.sending.ErrorClassifier;
import dev.switchboard.outbound.sending.GraphMediaUploads;
import dev.switchboard.outbound.sending.MediaUpload;
import dev.switchboard.outbound.sending.ProviderClient;
import dev.switchboard.outbound.sending.SendOutcome;
import dev.switchboard.store.MediaContent;
import dev.switchboard.store.MediaStore;
import dev.switchboard.store.Sha256;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends requests whose {@code media.stored} names a file in the media store (an agent's upload); every other request
 * goes to the provider client as it is.
 *
 * <ul>
 * <li>Meta and 360dialog: the file is uploaded ({@link GraphMediaUploads}, streamed from the store) and the message sent with
 * {@code media.id} = the id Meta gave. The id is kept ({@link UploadedMedia}) and used again for the same file from
 * the same channel for {@code reuse-uploads-for}, so a retry or a second send does not upload again; if Meta refuses a
 * kept id ({@link ErrorClassifier#mediaIdRefused}), it is forgotten and the file uploaded again, once. Uploads of the
 * same file from the same channel at the same time become one.</li>
 * <li>Twilio: {@code MediaUrl} = a presigned link to the file ({@link MediaStore#link}), valid for {@code link-ttl}.</li>
 * </ul>
 *
 * A failed upload comes back as the send's outcome, so it is judged like one: rate limits and 5xx are retried with
 * the request's backoff, a refusal fails it (PROVIDER_REJECTED with Meta's error). A file missing from the store, or
 * no store configured, fails the request as INVALID_REQUEST. The store and the database are used on threads of this
 * class, never on the dispatcher's.
 */
@Component
public class StoredMedia {

    private static final Logger log = LoggerFactory.getLogger(StoredMedia.class);
    private static final String OCTET_STREAM = "application/octet-stream";

    /** Blocking work (the store, the database), off the dispatcher and the HTTP client's threads. */
    private static final Executor WORK = Executors.newCachedThreadPool(daemons("stored-media-"));

    private final MediaStore store;
    private final UploadedMedia uploaded;
    private final GraphMediaUploads uploads;
    private final MediaSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Uploads under way, by channel and file: a second request for the same file waits for the first upload. */
    private final Map<String, CompletableFuture<MediaUpload>> uploading = new ConcurrentHashMap<>();

    public StoredMedia(ObjectProvider<MediaStore> store, UploadedMedia uploaded, GraphMediaUploads uploads,
                       MediaSettings settings, Clock clock, MeterRegistry meters) {
        this.store = store.getIfAvailable();
        this.uploaded = uploaded;
        this.uploads = uploads;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    /** {@code client}, sending stored files as above. */
    public ProviderClient around(ProviderClient client) {
        return (channel, request) -> {
            StoredFile file = request.getMedia() == null ? null : request.getMedia().getStored();
            if (file == null) {
                return client.send(channel, request);
            }
            try {
                return send(client, channel, request, file)
                        .exceptionally(e -> new SendOutcome.Unreachable("could not send the stored file "
                                + file.getSha256() + ": " + rootCause(e), null));
            } catch (RuntimeException e) {
                return done(new SendOutcome.Unreachable("could not send the stored file " + file.getSha256() + ": " + e,
                        null));
            }
        };
    }

    private CompletableFuture<SendOutcome> send(ProviderClient client, Channel channel, OutboundRequest request,
                                                StoredFile file) {
        if (store == null) {
            return done(SendOutcome.Rejected.notSendable("no media store", "request " + request.getRequestId()
                    + " sends a stored file, but no media store is configured (switchboard.media.store.bucket,"
                    + " SWITCHBOARD_MEDIA_BUCKET)"));
        }
        if (!Sha256.isHex(file.getSha256())) {
            return done(SendOutcome.Rejected.notSendable("invalid stored file",
                    "media.stored.sha256 is not a lower-case hex SHA-256: " + file.getSha256()));
        }
        return channel.provider() == Provider.TWILIO ? byLink(client, channel, request, file)
                : byUpload(client, channel, request, file);
    }

    // ------------------------------------------------------------------------------------------------ Twilio

    private CompletableFuture<SendOutcome> byLink(ProviderClient client, Channel channel, OutboundRequest request,
                                                  StoredFile file) {
        return CompletableFuture.supplyAsync(() -> store.find(file.getSha256()).map(
                        found -> store.link(file.getSha256(), settings.linkTtl())), WORK)
                .thenCompose(link -> {
                    if (link.isEmpty()) {
                        return done(missing(file));
                    }
                    count("switchboard.outbound.media.links", "Links to stored files handed to Twilio", request);
                    return client.send(channel, withMedia(request, file, null, link.map(URI::toString).get()));
                });
    }

    // ------------------------------------------------------------------------------------------------ Meta

    private CompletableFuture<SendOutcome> byUpload(ProviderClient client, Channel channel, OutboundRequest request,
                                                    StoredFile file) {
        String channelId = request.getChannelId();
        Instant keptSince = clock.instant().minus(settings.reuseUploadsFor());
        return CompletableFuture.supplyAsync(() -> uploaded.find(channelId, file.getSha256(), keptSince), WORK)
                .thenCompose(kept -> {
                    if (kept.isEmpty()) {
                        return uploadThenSend(client, channel, request, file);
                    }
                    count("switchboard.outbound.media.reused", "Stored files sent by the id of an earlier upload",
                            request);
                    return client.send(channel, withMedia(request, file, kept.get(), null)).thenCompose(outcome -> {
                        if (!ErrorClassifier.mediaIdRefused(outcome)) {
                            return done(outcome);
                        }
                        log.info("channel {}: Meta refused the media id {} of file {} ({}), uploading the file again",
                                channelId, kept.get(), file.getSha256(), ((SendOutcome.Rejected) outcome).error().getMessage());
                        count("switchboard.outbound.media.refused.ids", "Kept media ids Meta refused", request);
                        return CompletableFuture.runAsync(() -> uploaded.forget(channelId, file.getSha256(), kept.get()),
                                        WORK)
                                .thenCompose(forgotten -> uploadThenSend(client, channel, request, file));
                    });
                });
    }

    private CompletableFuture<SendOutcome> uploadThenSend(ProviderClient client, Channel channel, OutboundRequest request,
                                                          StoredFile file) {
        return upload(channel, request, file).thenCompose(upload -> upload instanceof MediaUpload.Uploaded done
                ? client.send(channel, withMedia(request, file, done.mediaId(), null))
                : done(((MediaUpload.Failed) upload).outcome()));
    }

    /** Uploads the file, or joins the upload of the same file from the same channel under way. */
    private CompletableFuture<MediaUpload> upload(Channel channel, OutboundRequest request, StoredFile file) {
        String key = request.getChannelId() + "/" + file.getSha256();
        CompletableFuture<MediaUpload> mine = new CompletableFuture<>();
        CompletableFuture<MediaUpload> running = uploading.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        try {
            startUpload(channel, request, file).whenComplete((result, error) -> {
                uploading.remove(key, mine);
                if (error != null) {
                    mine.completeExceptionally(error);
                } else {
                    mine.complete(result);
                }
            });
        } catch (RuntimeException e) {
            uploading.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    private CompletableFuture<MediaUpload> startUpload(Channel channel, OutboundRequest request, StoredFile file) {
        String channelId = request.getChannelId();
        return CompletableFuture.supplyAsync(() -> store.open(file.getSha256()), WORK).thenCompose(opened -> {
            if (opened.isEmpty()) {
                return CompletableFuture.completedFuture(new MediaUpload.Failed(missing(file)));
            }
            MediaContent content = opened.get();
            String mimeType = firstOf(file.getMimeType(), content.mimeType(), OCTET_STREAM);
            String filename = firstOf(file.getFilename(), request.getMedia().getFilename(), "file");
            return uploads.upload(channel, request.getBusinessNumberId(), content.stream(), content.length(),
                            mimeType, filename)
                    .whenComplete((result, error) -> closeQuietly(content))
                    .thenApplyAsync(result -> {
                        boolean ok = result instanceof MediaUpload.Uploaded;
                        Counter.builder("switchboard.outbound.media.uploads").description("Uploads to the Graph API")
                                .tags("channel", channelId, "outcome", ok ? "uploaded" : "failed")
                                .register(meters).increment();
                        if (ok) {
                            remember(channelId, file, ((MediaUpload.Uploaded) result).mediaId());
                        }
                        return result;
                    }, WORK);
        });
    }

    private void remember(String channelId, StoredFile file, String mediaId) {
        Instant now = clock.instant();
        try {
            uploaded.remember(channelId, file.getSha256(), mediaId, now, now.minus(settings.reuseUploadsFor()));
        } catch (RuntimeException e) {
            // The upload is good: send it all the same; the file is uploaded again next time.
            log.warn("could not keep media id {} of file {} for channel {}: {}", mediaId, file.getSha256(), channelId,
                    e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ parts

    /** The request with the file as Meta's media id or as a link, caption and filename kept. */
    private static OutboundRequest withMedia(OutboundRequest request, StoredFile file, String id, String link) {
        OutboundMedia media = request.getMedia();
        return OutboundRequest.newBuilder(request).setMedia(OutboundMedia.newBuilder(media)
                        .setId(id)
                        .setLink(link)
                        .setFilename(firstOf(media.getFilename(), file.getFilename(), null))
                        .build())
                .build();
    }

    private static SendOutcome.Rejected missing(StoredFile file) {
        return SendOutcome.Rejected.notSendable("stored file missing", "the file " + file.getKey() + " ("
                + Optional.ofNullable(file.getFilename()).orElse("no name") + ", " + file.getSize()
                + " bytes) is not in the media store");
    }

    private void count(String name, String description, OutboundRequest request) {
        Counter.builder(name).description(description).tag("channel", request.getChannelId()).register(meters)
                .increment();
    }

    private static String firstOf(String first, String second, String otherwise) {
        return first != null && !first.isBlank() ? first : second != null && !second.isBlank() ? second : otherwise;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause != cause.getCause()) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    private static CustomizableThreadFactory daemons(String prefix) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
        threads.setDaemon(true);
        return threads;
    }

    private static void closeQuietly(MediaContent content) {
        try {
            content.close();
        } catch (IOException e) {
            log.debug("closing a stored file's stream: {}", e.toString());
        }
    }
}
