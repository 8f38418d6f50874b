package dev.switchboard.ticket.media;

import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MediaEventType;
import dev.switchboard.events.StoredFile;
import dev.switchboard.store.Sha256;
import dev.switchboard.ticket.store.ArticleUpdates;
import dev.switchboard.ticket.store.TicketRepository;

/**
 * The outcomes of media-service's fetches ({@code whatsapp.media.events.v1}), per channel, message id and media index
 * (table media_outcome). Order-independent: an outcome may come before its article, and is shown once the article
 * exists. A stored file wins over a later failure; a redelivery or a replay changes nothing.
 */
@Repository
public class MediaOutcomes {

    private static final Logger log = LoggerFactory.getLogger(MediaOutcomes.class);

    private final JdbcClient jdbc;
    private final TicketRepository tickets;
    private final ArticleUpdates articleUpdates;

    public MediaOutcomes(JdbcClient jdbc, TicketRepository tickets, ArticleUpdates articleUpdates) {
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.articleUpdates = articleUpdates;
    }

    /**
     * Keeps the event's outcome; when that changes what an existing article shows, announces the article as updated.
     * An event that says nothing usable is refused (it goes to the dead-letter topic).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(MediaEvent event) {
        if (event.getType() == MediaEventType.UNKNOWN) {
            log.warn("media event {} of {} has a type this version does not know: ignored", event.getEventId(),
                    event.getMessageId());
            return;
        }
        boolean stored = event.getType() == MediaEventType.STORED;
        StoredFile file = event.getStored();
        if (stored && (file == null || !Sha256.isHex(file.getSha256()))) {
            throw new IllegalArgumentException("media event " + event.getEventId() + " says STORED without a stored"
                    + " file and its lower-case hex sha256");
        }
        int changed = jdbc.sql("""
                        insert into media_outcome (channel_id, message_id, media_index, status, sha256, size, mime_type,
                                                   filename, failure, failure_detail, occurred_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (channel_id, message_id, media_index) do update set
                            status = excluded.status, sha256 = excluded.sha256, size = excluded.size,
                            mime_type = excluded.mime_type, filename = excluded.filename, failure = null,
                            failure_detail = null, occurred_at = excluded.occurred_at
                        where media_outcome.status = 'failed' and excluded.status = 'stored'
                        """)
                .params(event.getChannelId(), event.getMessageId(), event.getMediaIndex(),
                        stored ? MediaOutcome.STORED : MediaOutcome.FAILED,
                        stored ? file.getSha256() : null,
                        stored ? file.getSize() : null,
                        stored ? file.getMimeType() : null,
                        stored ? file.getFilename() : null,
                        stored ? null : failure(event),
                        stored ? null : event.getFailureDetail(),
                        timestamp(event.getOccurredAt()))
                .update();
        if (changed > 0 && event.getMediaIndex() == 0) {
            tickets.articleByMessageId(event.getChannelId(), event.getMessageId())
                    .ifPresent(article -> articleUpdates.announce(article.id()));
        }
    }

    /** The outcome of an inbound message's file (Twilio's k-th file is a message of its own, so index 0). */
    public Optional<MediaOutcome> find(String channelId, String messageId) {
        return jdbc.sql("select " + COLUMNS + " from media_outcome where channel_id = ? and message_id = ?"
                        + " and media_index = 0")
                .params(channelId, messageId).query(MediaOutcomes::outcome).optional();
    }

    /** The outcomes of these messages of one channel, by message id (those without one are left out). */
    public Map<String, MediaOutcome> find(String channelId, Collection<String> messageIds) {
        Map<String, MediaOutcome> found = new HashMap<>();
        if (messageIds.isEmpty()) {
            return found;
        }
        jdbc.sql("select message_id, " + COLUMNS + " from media_outcome where channel_id = ?"
                        + " and message_id = any(?) and media_index = 0")
                .params(channelId, new SqlArrayValue("text", messageIds.toArray()))
                .query(rs -> {
                    found.put(rs.getString("message_id"), outcome(rs, 0));
                });
        return found;
    }

    private static final String COLUMNS = "status, sha256, size, mime_type, filename, failure, failure_detail";

    private static MediaOutcome outcome(ResultSet rs, int row) throws SQLException {
        return new MediaOutcome(rs.getString("status"), rs.getString("sha256"), (Long) rs.getObject("size"),
                rs.getString("mime_type"), rs.getString("filename"), rs.getString("failure"),
                rs.getString("failure_detail"));
    }

    private static String failure(MediaEvent event) {
        return event.getFailure() == null ? "unknown" : event.getFailure().name().toLowerCase(Locale.ROOT);
    }
}
