package dev.switchboard.sandbox.graph;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.switchboard.sandbox.Answer;
import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.Provider;
import dev.switchboard.sandbox.media.Download;
import dev.switchboard.sandbox.media.DownloadUrls;
import dev.switchboard.sandbox.media.MediaFetcher;
import dev.switchboard.sandbox.media.MediaFile;
import dev.switchboard.sandbox.media.MediaStore;
import dev.switchboard.sandbox.media.MediaTypes;
import dev.switchboard.sandbox.media.MediaUpload;
import dev.switchboard.sandbox.record.RecordedMessage;
import dev.switchboard.sandbox.status.SendFailure;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Graph API's media endpoints as Meta answers them: {@code GET /{version}/{media-id}} (the download URL, valid
 * for a few minutes), the download URL itself (the same bearer token), {@code POST /{version}/{phone-number-id}/media}
 * (multipart upload, checked against WhatsApp's types and size limits) and {@code DELETE /{version}/{media-id}};
 * and, for sends, the file behind a media id or link.
 */
public final class GraphMedia {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final Channels channels;
    private final MediaStore store;
    private final DownloadUrls urls;
    private final MediaFetcher fetcher;

    public GraphMedia(Channels channels, MediaStore store, DownloadUrls urls, MediaFetcher fetcher) {
        this.channels = channels;
        this.store = store;
        this.urls = urls;
        this.fetcher = fetcher;
    }

    /**
     * {@code GET /{version}/{media-id}}: {@code {"url","mime_type","sha256","file_size","id","messaging_product"}}.
     *
     * @param phoneNumberId the optional {@code phone_number_id} parameter: must be the media's
     * @param base          the sandbox's base URL, for the download URL
     */
    public Answer lookup(String mediaId, String authorization, String phoneNumberId, String base) {
        Optional<Channel> caller = GraphAuth.channelOf(channels, GraphAuth.bearer(authorization));
        if (caller.isEmpty()) {
            return error(GraphErrors.invalidToken());
        }
        return lookupFor(caller.get(), mediaId, phoneNumberId, base);
    }

    /**
     * The lookup for a caller already authenticated (360dialog: by its API key).
     *
     * @param base the base of the download URL (360dialog: Meta's lookaside host, which the client replaces)
     */
    public Answer lookupFor(Channel caller, String mediaId, String phoneNumberId, String base) {
        Optional<MediaFile> file = ownMedia(mediaId, caller, phoneNumberId);
        if (file.isEmpty()) {
            return error(GraphErrors.unknownObject(mediaId, "get"));
        }
        MediaFile media = file.get();
        ObjectNode answer = JSON.createObjectNode();
        answer.put("url", urls.url(base, media.id()));
        answer.put("mime_type", media.mimeType());
        answer.put("sha256", media.announcedSha256());
        answer.put("file_size", media.size());
        answer.put("id", media.id());
        answer.put("messaging_product", "whatsapp");
        return Answer.json(200, JSON.writeValueAsString(answer));
    }

    /** {@code DELETE /{version}/{media-id}}: {@code {"success":true}}. */
    public Answer delete(String mediaId, String authorization, String phoneNumberId) {
        Optional<Channel> caller = GraphAuth.channelOf(channels, GraphAuth.bearer(authorization));
        if (caller.isEmpty()) {
            return error(GraphErrors.invalidToken());
        }
        if (ownMedia(mediaId, caller.get(), phoneNumberId).isEmpty()) {
            return error(GraphErrors.unknownObject(mediaId, "delete"));
        }
        store.delete(mediaId);
        return Answer.json(200, "{\"success\":true}");
    }

    /**
     * The download URL: 401 without the bearer token of the media's channel, 404 once the URL or the media has
     * expired, 500 while a {@code server_error} fault lasts; else the file.
     */
    public Download download(String mediaId, String ext, String hash, String authorization) {
        Optional<Channel> caller = GraphAuth.channelOf(channels, GraphAuth.bearer(authorization));
        if (caller.isEmpty()) {
            return new Download.Refused(error(GraphErrors.invalidToken()));
        }
        return downloadFor(caller.get(), mediaId, ext, hash);
    }

    /** The download for a caller already authenticated (360dialog: by its API key). */
    public Download downloadFor(Channel caller, String mediaId, String ext, String hash) {
        if (!urls.valid(mediaId, ext, hash)) {
            return new Download.Refused(Answer.errorPage(404));
        }
        Optional<MediaFile> file = store.live(mediaId).filter(f -> f.provider() == Provider.META);
        if (file.isEmpty()) {
            return new Download.Refused(Answer.errorPage(404));
        }
        if (!file.get().channelId().equals(caller.id())) {
            return new Download.Refused(error(GraphErrors.invalidToken()));
        }
        if (file.get().takeFailure()) {
            return new Download.Refused(Answer.errorPage(500));
        }
        return new Download.Granted(file.get());
    }

    /**
     * {@code POST /{version}/{phone-number-id}/media}, multipart: {@code {"id":"<media id>"}}. In Meta's order: the
     * token (401, 190), the phone_number_id (100, subcode 33), {@code messaging_product} and {@code file} (100),
     * the file's type (100, listing the supported ones) and its size (100, File Too Large).
     *
     * @param file the {@code file} part; null when there is none
     */
    public Answer upload(String phoneNumberId, String authorization, String messagingProduct, MediaUpload file) {
        String token = GraphAuth.bearer(authorization);
        if (GraphAuth.channelOf(channels, token).isEmpty()) {
            return error(GraphErrors.invalidToken());
        }
        Channel channel = channels.byPhoneNumberId(phoneNumberId).orElse(null);
        if (channel == null || !token.equals(channel.meta().accessToken())) {
            return error(GraphErrors.unknownObject(phoneNumberId));
        }
        return uploadFor(channel, phoneNumberId, messagingProduct, file);
    }

    /** The upload for a number of a caller already authenticated (360dialog: by its API key). */
    public Answer uploadFor(Channel channel, String phoneNumberId, String messagingProduct, MediaUpload file) {
        if (messagingProduct == null || messagingProduct.isBlank()) {
            return error(GraphErrors.missingParameter("messaging_product"));
        }
        if (!messagingProduct.equals("whatsapp")) {
            return error(GraphErrors.invalidParameter("Param messaging_product must be one of {WHATSAPP} - got \""
                    + messagingProduct + "\"."));
        }
        if (file == null) {
            return error(GraphErrors.missingParameter("file"));
        }
        String contentType = file.contentType() == null ? "application/octet-stream" : file.contentType();
        Optional<String> kind = MediaTypes.kindOf(contentType);
        if (kind.isEmpty()) {
            return error(GraphErrors.invalidParameter("Param file must be a file with one of the following types: "
                    + String.join(", ", MediaTypes.all()) + ". Received file of type '" + contentType + "'."));
        }
        long limit = MediaTypes.maxBytes(kind.get(), null);
        try (InputStream in = file.content().open()) {
            MediaFile stored = store.store(in, MediaStore.Incoming.meta(channel.id(), phoneNumberId, contentType,
                    file.filename(), "upload", null, limit));
            return Answer.json(200, JSON.writeValueAsString(JSON.createObjectNode().put("id", stored.id())));
        } catch (MediaStore.TooLarge e) {
            return error(GraphErrors.invalidParameter("File Too Large: " + MediaTypes.base(contentType)
                    + " files can be at most " + MediaTypes.describe(limit) + " (" + limit + " bytes)"));
        } catch (IOException e) {
            return error(GraphErrors.of(131053).withDetails("The upload could not be read: " + e.getMessage()));
        }
    }

    /**
     * The file a send names by id, or why the send fails (131053, as Meta reports it in a failed status): an id
     * unknown, expired or of another channel, or a type the message type does not take.
     */
    public Used byId(Channel channel, String messageType, String mediaId) {
        Optional<MediaFile> file = store.live(mediaId)
                .filter(f -> f.provider() == Provider.META && f.channelId().equals(channel.id()));
        if (file.isEmpty()) {
            return failed(mediaId, null, "Media id " + mediaId + " does not exist, has expired or is not this"
                    + " business phone number's");
        }
        MediaFile media = file.get();
        if (!MediaTypes.accepts(messageType, media.mimeType())) {
            return failed(mediaId, null, unsupportedType(messageType, media.mimeType()));
        }
        return new Used(new RecordedMessage.Media(media.id(), null, media.mimeType(), media.sha256(), media.size(),
                null), null);
    }

    /** Fetches the file a send links to, as WhatsApp does before delivering it; fails as Meta reports it (131053). */
    public CompletableFuture<Used> byLink(Channel channel, String phoneNumberId, String messageType, String link,
                                          String filename) {
        long limit = MediaTypes.maxBytes(messageType, null);
        return fetcher.fetchAll(List.of(link), contentType -> {
            if (!MediaTypes.accepts(messageType, contentType)) {
                throw new MediaFetcher.Unsupported(unsupportedType(messageType, contentType));
            }
            return MediaStore.Incoming.meta(channel.id(), phoneNumberId, contentType, filename, "link", link, limit);
        }).thenApply(results -> {
            if (results.get(0) instanceof MediaFetcher.Fetched.Failed failed) {
                return failed(null, link, failed.details());
            }
            MediaFile file = ((MediaFetcher.Fetched.Stored) results.get(0)).file();
            return new Used(new RecordedMessage.Media(file.id(), link, file.mimeType(), file.sha256(), file.size(),
                    null), null);
        });
    }

    /**
     * The file of a send as recorded, and the failure it causes (null when it is fine).
     */
    public record Used(RecordedMessage.Media media, SendFailure failure) {
    }

    private static Used failed(String mediaId, String link, String details) {
        GraphError error = GraphErrors.of(131053);
        return new Used(new RecordedMessage.Media(mediaId, link, null, null, null, details),
                new SendFailure(131053, error.title(), details));
    }

    /** As Meta words it: "Unsupported Video mime type text/html. Please use one of video/3gpp, video/mp4." */
    private static String unsupportedType(String messageType, String mimeType) {
        String type = messageType.substring(0, 1).toUpperCase(Locale.ROOT) + messageType.substring(1);
        return "Unsupported " + type + " mime type " + MediaTypes.base(mimeType) + ". Please use one of "
                + String.join(", ", MediaTypes.typesOf(messageType)) + ".";
    }

    private Optional<MediaFile> ownMedia(String mediaId, Channel caller, String phoneNumberId) {
        return store.live(mediaId).filter(f -> f.provider() == Provider.META && f.channelId().equals(caller.id())
                && (phoneNumberId == null || phoneNumberId.isBlank() || phoneNumberId.equals(f.phoneNumberId())));
    }

    private static Answer error(GraphError error) {
        return error.toAnswer();
    }
}
