package dev.switchboard.outbound.media;

import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The media ids Meta gave for uploaded files (table media_upload), by channel and the file's SHA-256, so that a retry
 * or the same file sent again does not upload it again.
 */
@Repository
public class UploadedMedia {

    private final JdbcClient jdbc;

    public UploadedMedia(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The id of the file's upload from this channel, if it was uploaded after {@code uploadedAfter}. */
    public Optional<String> find(String channelId, String sha256, Instant uploadedAfter) {
        return jdbc.sql("select media_id from media_upload where channel_id = ? and sha256 = ? and uploaded_at > ?")
                .params(channelId, sha256, timestamp(uploadedAfter)).query(String.class).optional();
    }

    /**
     * Keeps the id of a new upload (replacing an older one), and deletes the channel's uploads from before
     * {@code forgetBefore}: no longer used, so the table holds about a month of distinct files per channel.
     */
    public void remember(String channelId, String sha256, String mediaId, Instant uploadedAt, Instant forgetBefore) {
        jdbc.sql("""
                        insert into media_upload (channel_id, sha256, media_id, uploaded_at) values (?, ?, ?, ?)
                        on conflict (channel_id, sha256) do update set media_id = excluded.media_id,
                            uploaded_at = excluded.uploaded_at
                        """)
                .params(channelId, sha256, mediaId, timestamp(uploadedAt)).update();
        jdbc.sql("delete from media_upload where channel_id = ? and uploaded_at < ?")
                .params(channelId, timestamp(forgetBefore)).update();
    }

    /** Forgets an id Meta no longer knows (unless a newer upload has replaced it meanwhile). */
    public void forget(String channelId, String sha256, String mediaId) {
        jdbc.sql("delete from media_upload where channel_id = ? and sha256 = ? and media_id = ?")
                .params(channelId, sha256, mediaId).update();
    }
}
