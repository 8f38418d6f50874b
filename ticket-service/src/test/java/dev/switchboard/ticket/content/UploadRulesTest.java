package dev.switchboard.ticket.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** WhatsApp's rules for uploaded files, without a server: types by MIME, size limits per type, caption, names. */
class UploadRulesTest {

    private static UploadedFile file(String mimeType, long size) {
        return new UploadedFile(mimeType, size, null, false);
    }

    private static List<String> problems(List<UploadedFile> files, String caption, String type) {
        return UploadRules.validate(files, caption, type).stream().map(FieldProblem::toString).toList();
    }

    @Test
    void theTypeFollowsTheMimeType() {
        assertThat(UploadRules.type(file("image/jpeg", 1), null)).hasValue("image");
        assertThat(UploadRules.type(file("image/png", 1), null)).hasValue("image");
        assertThat(UploadRules.type(file("audio/ogg; codecs=opus", 1), null)).hasValue("audio");
        assertThat(UploadRules.type(file("AUDIO/AMR", 1), null)).hasValue("audio");
        assertThat(UploadRules.type(file("video/3gpp", 1), null)).hasValue("video");
        assertThat(UploadRules.type(file("application/pdf", 1), null)).hasValue("document");
        assertThat(UploadRules.type(file("text/plain", 1), null)).hasValue("document");
        assertThat(UploadRules.type(file("image/gif", 1), null)).isEmpty();
        assertThat(UploadRules.type(file(null, 1), null)).isEmpty();
    }

    @Test
    void aWebpIsAStickerOnlyWhenAskedForAndAnyAcceptedFileIsADocumentWhenAskedFor() {
        assertThat(UploadRules.type(file("image/webp", 1), null)).isEmpty();
        assertThat(UploadRules.type(file("image/webp", 1), "sticker")).hasValue("sticker");
        assertThat(UploadRules.type(file("image/png", 1), "sticker")).isEmpty();
        assertThat(UploadRules.type(file("image/png", 1), "document")).hasValue("document");
        assertThat(problems(List.of(file("image/webp", 10)), null, null))
                .containsExactly("file[0]: image/webp is sent as a sticker only: add type=sticker");
        assertThat(problems(List.of(file("image/png", 10)), null, "sticker"))
                .containsExactly("file[0]: a sticker must be image/webp, not image/png");
        assertThat(problems(List.of(file("image/png", 10)), null, "image"))
                .containsExactly("type: must be sticker or document (the other types follow from each file's MIME type)");
    }

    @Test
    void eachTypeHasItsSizeLimit() {
        assertThat(problems(List.of(file("image/jpeg", 5_000_000), file("audio/mpeg", 16_000_000),
                file("video/mp4", 16_000_000), file("application/pdf", 100_000_000)), null, null)).isEmpty();
        assertThat(problems(List.of(file("image/jpeg", 5_000_001), file("audio/mpeg", 16_000_001),
                file("video/mp4", 16_000_001), file("application/pdf", 100_000_001), file("text/plain", 0)), null, null))
                .containsExactly(
                        "file[0]: too large for image: at most 5000000 bytes (has 5000001)",
                        "file[1]: too large for audio: at most 16000000 bytes (has 16000001)",
                        "file[2]: too large for video: at most 16000000 bytes (has 16000001)",
                        "file[3]: too large for document: at most 100000000 bytes (has 100000001)",
                        "file[4]: must not be empty");
        assertThat(problems(List.of(file("image/webp", 100_001)), null, "sticker"))
                .containsExactly("file[0]: too large for sticker: at most 100000 bytes (has 100001)");
        assertThat(problems(List.of(new UploadedFile("image/webp", 500_000, null, true)), null, "sticker")).isEmpty();
        assertThat(problems(List.of(new UploadedFile("image/webp", 500_001, null, true)), null, "sticker"))
                .containsExactly("file[0]: too large for an animated sticker: at most 500000 bytes (has 500001)");
    }

    @Test
    void theCaptionGoesOnTheFirstFileWhereWhatsAppAllowsOne() {
        assertThat(problems(List.of(file("image/png", 10), file("audio/aac", 10)), "look", null)).isEmpty();
        assertThat(problems(List.of(file("audio/aac", 10), file("image/png", 10)), "listen", null))
                .containsExactly("caption: audio messages can't have a caption (it goes on the first file)");
        assertThat(problems(List.of(file("image/png", 10)), "x".repeat(1025), null))
                .containsExactly("caption: must be at most 1024 characters (has 1025)");
        assertThat(problems(List.of(), "alone", null)).containsExactly("file: is required: one or more files");
    }

    @Test
    void aDocumentsNameFollowsTheFilenameRule() {
        assertThat(problems(List.of(new UploadedFile("application/pdf", 10, "x".repeat(256), false)), null, null))
                .containsExactly("file[0].filename: must be at most 255 characters (has 256)");
        assertThat(UploadedFile.baseName("C:\\Users\\ana\\Invoice.pdf")).isEqualTo("Invoice.pdf");
        assertThat(UploadedFile.baseName("/tmp/")).isNull();
    }

    @Test
    void anAnimatedWebpIsToldByItsExtendedHeader() {
        byte[] animated = "RIFF\0\0\0\0WEBPVP8X\0\0\0\0\u0002".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] still = "RIFF\0\0\0\0WEBPVP8X\0\0\0\0\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] simple = "RIFF\0\0\0\0WEBPVP8 \0\0\0\0\u0002".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(UploadedFile.isAnimatedWebp(animated)).isTrue();
        assertThat(UploadedFile.isAnimatedWebp(still)).isFalse();
        assertThat(UploadedFile.isAnimatedWebp(simple)).isFalse();
        assertThat(UploadedFile.isAnimatedWebp(new byte[3])).isFalse();
    }
}
