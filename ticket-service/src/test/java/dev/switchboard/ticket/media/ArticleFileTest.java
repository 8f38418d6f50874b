package dev.switchboard.ticket.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.ticket.store.Direction;

/** What an article's file is, and what the API shows of it, without a database. */
class ArticleFileTest {

    private static final String SHA = "ab".repeat(32);

    @Test
    void mediaSentByLinkOrIdHasNoFileOfOursAndIsShownAsItWas() {
        Map<String, Object> media = Map.of("link", "https://example.com/a.jpg", "caption", "look");
        ArticleFile file = ArticleFile.of(Direction.OUTBOUND, media, null);

        assertThat(file.state()).isEqualTo(ArticleFile.State.NONE);
        assertThat(file.describe(media, "/x")).isEqualTo(media);
        assertThat(ArticleFile.of(Direction.INBOUND, null, null).state()).isEqualTo(ArticleFile.State.NONE);
    }

    @Test
    void anUploadIsStoredFromTheStart() {
        Map<String, Object> media = Map.of("mimeType", "application/pdf", "filename", "a.pdf", "size", 12,
                ArticleFile.STORED_SHA256, SHA);
        ArticleFile file = ArticleFile.of(Direction.OUTBOUND, media, null);

        assertThat(file.state()).isEqualTo(ArticleFile.State.STORED);
        assertThat(file.sha256()).isEqualTo(SHA);
        assertThat(file.size()).isEqualTo(12);
        assertThat(file.describe(media, "/api/tickets/1/articles/2/media"))
                .containsEntry("status", "stored")
                .containsEntry("downloadUrl", "/api/tickets/1/articles/2/media")
                .containsEntry("filename", "a.pdf");
    }

    @Test
    void anInboundFileIsPendingThenWhatItsOutcomeSays() {
        Map<String, Object> media = Map.of("id", "m1", "mimeType", "image/jpeg", "sha256", "announced==");

        assertThat(ArticleFile.of(Direction.INBOUND, media, null).describe(media, "/x"))
                .containsEntry("status", "pending").doesNotContainKeys("downloadUrl", "size", "reason");

        MediaOutcome failed = new MediaOutcome(MediaOutcome.FAILED, null, null, null, null, "expired", "404 from Graph");
        assertThat(ArticleFile.of(Direction.INBOUND, media, failed).describe(media, "/x"))
                .containsEntry("status", "failed").containsEntry("reason", "expired")
                .containsEntry("detail", "404 from Graph").doesNotContainKey("downloadUrl");

        MediaOutcome stored = new MediaOutcome(MediaOutcome.STORED, SHA, 99L, "image/jpeg", "IMG_1.jpg", null, null);
        ArticleFile file = ArticleFile.of(Direction.INBOUND, media, stored);
        assertThat(file.filename()).as("the provider's file name when the message had none").isEqualTo("IMG_1.jpg");
        assertThat(file.describe(media, "/x"))
                .containsEntry("status", "stored").containsEntry("size", 99L)
                .containsEntry("storedSha256", SHA).containsEntry("downloadUrl", "/x")
                .containsEntry("sha256", "announced==");
    }
}
