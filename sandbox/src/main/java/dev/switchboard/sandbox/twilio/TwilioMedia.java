package dev.switchboard.sandbox.twilio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.switchboard.sandbox.Answer;
import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.Provider;
import dev.switchboard.sandbox.media.Download;
import dev.switchboard.sandbox.media.MediaFetcher;
import dev.switchboard.sandbox.media.MediaFile;
import dev.switchboard.sandbox.media.MediaStore;
import dev.switchboard.sandbox.media.MediaTypes;
import dev.switchboard.sandbox.record.RecordedMessage;
import dev.switchboard.sandbox.status.SendFailure;

/**
 * Twilio's media: the {@code MediaUrl}s of inbound webhooks
 * ({@code /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}}, HTTP Basic auth of the account,
 * as with "HTTP Basic authentication for media" switched on), and the {@code MediaUrl}s of sends, fetched as Twilio
 * fetches them before handing the message to WhatsApp.
 */
public final class TwilioMedia {

    private final Channels channels;
    private final MediaStore store;
    private final MediaFetcher fetcher;

    public TwilioMedia(Channels channels, MediaStore store, MediaFetcher fetcher) {
        this.channels = channels;
        this.store = store;
        this.fetcher = fetcher;
    }

    /** 401 (20003) without the account's Basic auth; 404 (20404) for media unknown, expired or of another message. */
    public Download download(String accountSid, String messageSid, String mediaSid, String authorization) {
        List<Channel> account = channels.twilioAccount(accountSid);
        if (!TwilioApi.authenticated(accountSid, authorization, account)) {
            return new Download.Refused(Answer.json(401, TwilioErrors.of(20003).toJson())
                    .withHeaders(Map.of("WWW-Authenticate", "Basic realm=\"Twilio API\"")));
        }
        Optional<MediaFile> file = store.live(mediaSid).filter(f -> f.provider() == Provider.TWILIO
                && messageSid.equals(f.messageSid()) && account.stream().anyMatch(c -> c.id().equals(f.channelId())));
        if (file.isEmpty()) {
            return new Download.Refused(Answer.json(404, TwilioErrors.of(20404, "The requested resource /2010-04-01"
                    + "/Accounts/" + accountSid + "/Messages/" + messageSid + "/Media/" + mediaSid + " was not found")
                    .toJson()));
        }
        if (file.get().takeFailure()) {
            return new Download.Refused(Answer.json(500, TwilioErrors.of(20500).toJson()));
        }
        return new Download.Granted(file.get());
    }

    /** The files of a send and the failure they cause (null when all were fetched). */
    public record Used(List<RecordedMessage.Media> media, SendFailure failure) {
    }

    /**
     * Fetches a send's {@code MediaUrl}s: a link that cannot be fetched (or is empty) fails the message with 63019,
     * one WhatsApp does not take (type or size) with 63021, in an {@code undelivered} callback.
     */
    public CompletableFuture<Used> byLinks(Channel channel, String messageSid, List<String> links) {
        return fetcher.fetchAll(links, contentType -> {
            String kind = MediaTypes.kindOf(contentType).orElseThrow(() -> new MediaFetcher.Unsupported(
                    "Unsupported media type " + contentType + " for WhatsApp"));
            return MediaStore.Incoming.twilio(channel.id(), messageSid, contentType, null, "link", null,
                    MediaTypes.maxBytes(kind, null));
        }).thenApply(results -> {
            List<RecordedMessage.Media> media = new ArrayList<>();
            SendFailure failure = null;
            for (MediaFetcher.Fetched result : results) {
                if (result instanceof MediaFetcher.Fetched.Stored stored) {
                    MediaFile file = stored.file();
                    media.add(new RecordedMessage.Media(file.id(), stored.link(), file.mimeType(), file.sha256(),
                            file.size(), null));
                } else {
                    MediaFetcher.Fetched.Failed failed = (MediaFetcher.Fetched.Failed) result;
                    media.add(new RecordedMessage.Media(null, failed.link(), null, null, null, failed.details()));
                    if (failure == null) {
                        boolean content = failed.reason() == MediaFetcher.Reason.UNSUPPORTED_TYPE
                                || failed.reason() == MediaFetcher.Reason.TOO_LARGE;
                        failure = new SendFailure(content ? 63021 : 63019, null, failed.details());
                    }
                }
            }
            return new Used(media, failure);
        });
    }
}
