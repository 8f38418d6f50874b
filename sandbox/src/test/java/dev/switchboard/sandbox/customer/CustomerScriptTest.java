package dev.switchboard.sandbox.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.IngressStub;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/** deploy/local/customer.sh, the newcomers' wrapper of the simulator, run as they run it (bash and curl). */
class CustomerScriptTest extends SandboxTestBase {

    private record Run(int exitCode, String output) {
    }

    private Run customerSh(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "../deploy/local/customer.sh",
                "--sandbox", "http://localhost:" + port));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static JsonNode lastMessage() {
        List<IngressStub.Received> received = INGRESS.received(META_WEBHOOKS);
        IngressStub.Received last = received.get(received.size() - 1);
        assertThat(last.signatureValid()).isTrue();
        return Fixtures.JSON.readTree(last.body()).at("/entry/0/changes/0/value/messages/0");
    }

    @Test
    void aTextWithQuotesAndANewLineArrivesAsTyped() throws Exception {
        String customer = newCustomer();

        Run run = customerSh("--from", customer, "--name", "Ana \"Lima\"", "text", "Hello \\ \"you\"\nthere");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("POST http://localhost:" + port + "/sandbox/customers/messages")
                .contains("sandbox answered HTTP 200").contains("\"ingressStatus\"");
        JsonNode message = lastMessage();
        assertThat(message.at("/text/body").asString()).isEqualTo("Hello \\ \"you\"\nthere");
        assertThat(message.get("from").asString()).isEqualTo(customer);
    }

    @Test
    void locationButtonAndTwilioChannel() throws Exception {
        assertThat(customerSh("location", "52.52", "13.40", "Brandenburger Tor").exitCode()).isZero();
        assertThat(lastMessage().at("/location/latitude").asDouble()).isEqualTo(52.52);
        assertThat(lastMessage().at("/location/name").asString()).isEqualTo("Brandenburger Tor");

        assertThat(customerSh("button", "Yes").exitCode()).isZero();
        assertThat(lastMessage().at("/button/text").asString()).isEqualTo("Yes");

        Run twilio = customerSh("--channel", "demo-twilio", "text", "Hola");
        assertThat(twilio.exitCode()).as(twilio.output()).isZero();
        Map<String, List<String>> form = Fixtures.form(INGRESS.received(TWILIO_WEBHOOKS).get(0).text());
        assertThat(form.get("Body")).containsExactly("Hola");
    }

    @Test
    void anImageFileIsUploadedAndArrivesWithItsHashOnMeta(@TempDir Path dir) throws Exception {
        byte[] jpeg = randomBytes(30_000);
        Path photo = Files.write(dir.resolve("my receipt.jpg"), jpeg);

        Run run = customerSh("image", photo.toString(), "My receipt");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("with the file " + photo).contains("30000 bytes");
        JsonNode image = lastMessage().get("image");
        assertThat(image.get("caption").asString()).isEqualTo("My receipt");
        assertThat(image.get("mime_type").asString()).isEqualTo("image/jpeg");
        assertThat(image.get("sha256").asString()).isEqualTo(Base64.getEncoder().encodeToString(
                HexFormat.of().parseHex(sha256Hex(jpeg))));
        assertThat(download("/sandbox/media/" + image.get("id").asString(), null).body()).isEqualTo(jpeg);
    }

    @Test
    void aDocumentFileReachesATwilioChannelAsAMediaUrl(@TempDir Path dir) throws Exception {
        byte[] pdf = randomBytes(12_345);
        Path contract = Files.write(dir.resolve("contract.pdf"), pdf);

        Run run = customerSh("--channel", "demo-twilio", "--caption", "Signed", "document", contract.toString(),
                "Vertrag.pdf");

        assertThat(run.exitCode()).as(run.output()).isZero();
        Map<String, List<String>> form = Fixtures.form(INGRESS.received(TWILIO_WEBHOOKS).get(0).text());
        assertThat(form.get("Body")).containsExactly("Signed");
        assertThat(form.get("MediaContentType0")).containsExactly("application/pdf");
        assertThat(download(form.get("MediaUrl0").get(0), basic(ACCOUNT, "demo-twilio-auth-token")).body())
                .isEqualTo(pdf);
        assertThat(customerSh("--help").output()).contains("image [FILE] [caption]").contains("--fault");
    }

    @Test
    void mistakesExitNonZeroWithTheReason() throws Exception {
        Run noText = customerSh("text");
        assertThat(noText.exitCode()).isEqualTo(2);
        assertThat(noText.output()).contains("text needs the message");

        Run refused = customerSh("--channel", "nope", "text", "x");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("HTTP 400").contains("unknown channelId nope");
        assertThat(INGRESS.received()).isEmpty();
    }

    @Test
    void aNumberNamesTheChannelInsteadOfItsId() throws Exception {
        String customer = newCustomer();

        Run run = customerSh("--number", PHONE_NUMBER_ID, "--from", customer, "text", "By number");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("\"phoneNumberId\":\"" + PHONE_NUMBER_ID + "\"")
                .doesNotContain("\"channelId\":\"demo\",\"from\"");
        assertThat(lastMessage().at("/text/body").asString()).isEqualTo("By number");

        Run unknown = customerSh("--number", "999", "text", "Hi");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.output()).contains("HTTP 400").contains("unknown phoneNumberId 999");
    }
}
