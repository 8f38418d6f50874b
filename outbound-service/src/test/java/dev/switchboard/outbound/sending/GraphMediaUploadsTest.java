package dev.switchboard.outbound.sending;

import static dev.switchboard.outbound.sending.SendingFixtures.DIALOG360;
import static dev.switchboard.outbound.sending.SendingFixtures.META;
import static dev.switchboard.outbound.sending.SendingFixtures.META_TWO_NUMBERS;
import static dev.switchboard.outbound.sending.SendingFixtures.TWILIO;
import static dev.switchboard.outbound.sending.SendingFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.outbound.channel.OutboundChannels;
import dev.switchboard.outbound.clients.SendingSettings;
import dev.switchboard.outbound.sending.StubProvider.Answer;

/** Uploads to {@code /{phone-number-id}/media} over real HTTP against a local stub. */
class GraphMediaUploadsTest {

    private final StubProvider stub;

    GraphMediaUploadsTest() throws IOException {
        stub = new StubProvider();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void theFileGoesAsMultipartWithItsTypeAndNameAndAContentLengthAndTheAnswerIsTheMediaId() throws Exception {
        stub.answer(Answer.json(200, "{\"id\":\"4490709327384033\"}"));
        byte[] file = "%PDF-1.7 pretend".getBytes(StandardCharsets.US_ASCII);

        MediaUpload upload = upload(stub.url(""), META, file, "application/pdf", "Rechnung \"März\".pdf");

        assertThat(upload).isEqualTo(new MediaUpload.Uploaded("4490709327384033"));
        StubProvider.Recorded request = stub.take();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v23.0/100200300400500/media");
        assertThat(request.header("Authorization")).isEqualTo("Bearer demo-access-token");
        assertThat(request.header("Content-Length")).isEqualTo(String.valueOf(request.body().length));
        String contentType = request.header("Content-Type");
        assertThat(contentType).startsWith("multipart/form-data; boundary=");
        String b = "--" + contentType.substring("multipart/form-data; boundary=".length());
        assertThat(request.bodyText()).isEqualTo(
                b + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
                + b + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\napplication/pdf\r\n"
                + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Rechnung %22März%22.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.7 pretend\r\n"
                + b + "--\r\n");
    }

    @Test
    void aRefusalIsMetasErrorJudgedLikeASends() throws Exception {
        stub.answer(Answer.json(400, text("meta/send-error-130429.json")).withHeader("Retry-After", "2"));

        MediaUpload upload = upload(stub.url("/graph/"), META, new byte[] {1, 2, 3}, "image/png", "a.png");

        assertThat(stub.take().path()).isEqualTo("/graph/v23.0/100200300400500/media");
        assertThat(upload).isInstanceOfSatisfying(MediaUpload.Failed.class, failed -> {
            assertThat(failed.outcome()).isInstanceOfSatisfying(SendOutcome.Rejected.class,
                    rejected -> assertThat(rejected.error().getCode()).isEqualTo(130429));
            assertThat(failed.outcome().retryAfter()).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void noAnswerIsUnreachableAndATwilioChannelUploadsNothing() throws Exception {
        stub.answer(Answer.hangUpAnswer());

        assertThat(upload(stub.url(""), META, new byte[] {1}, "image/png", "a.png")).isInstanceOfSatisfying(
                MediaUpload.Failed.class, failed -> assertThat(failed.outcome()).isInstanceOf(SendOutcome.Unreachable.class));
        assertThat(upload(stub.url(""), TWILIO, new byte[] {1}, "image/png", "a.png")).isInstanceOfSatisfying(
                MediaUpload.Failed.class, failed -> assertThat(ErrorClassifier.classify(failed.outcome()))
                        .isEqualTo(ErrorClassifier.Verdict.PERMANENT));
    }

    @Test
    void a360dialogChannelUploadsToItsMediaWithItsApiKeyAndMetaFromTheNumberTheMessageGoesFrom() throws Exception {
        stub.answer(Answer.json(200, "{\"id\":\"1\"}"));
        stub.answer(Answer.json(200, "{\"id\":\"2\"}"));
        GraphMediaUploads uploads = new GraphMediaUploads(SendingSettings.defaults().newHttpClient(),
                new CloudApiEndpoints(stub.url(""), stub.url("/360dialog")), Duration.ofSeconds(5));

        MediaUpload viaD360 = uploads.upload(DIALOG360, null, new ByteArrayInputStream(new byte[] {1}), 1, "image/png",
                "a.png").get(10, TimeUnit.SECONDS);
        uploads.upload(META_TWO_NUMBERS, "100200300400600", new ByteArrayInputStream(new byte[] {2}), 1, "image/png",
                "b.png").get(10, TimeUnit.SECONDS);

        assertThat(viaD360).isEqualTo(new MediaUpload.Uploaded("1"));
        StubProvider.Recorded d360 = stub.take();
        assertThat(d360.path()).isEqualTo("/360dialog/media");
        assertThat(d360.header("D360-API-KEY")).isEqualTo("demo-d360-key");
        assertThat(d360.header("Authorization")).isNull();
        assertThat(d360.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(d360.bodyText()).contains("name=\"messaging_product\"\r\n\r\nwhatsapp",
                "name=\"file\"; filename=\"a.png\"");
        assertThat(stub.take().path()).isEqualTo("/v23.0/100200300400600/media");
    }

    private static MediaUpload upload(URI base, OutboundChannels.Channel channel, byte[] file, String mimeType,
                                      String filename) throws Exception {
        GraphMediaUploads uploads = new GraphMediaUploads(SendingSettings.defaults().newHttpClient(), base,
                Duration.ofSeconds(5));
        return uploads.upload(channel, null, new ByteArrayInputStream(file), file.length, mimeType, filename)
                .get(10, TimeUnit.SECONDS);
    }
}
