package dev.switchboard.sandbox.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

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
    void mistakesExitNonZeroWithTheReason() throws Exception {
        Run noText = customerSh("text");
        assertThat(noText.exitCode()).isEqualTo(2);
        assertThat(noText.output()).contains("text needs the message");

        Run refused = customerSh("--channel", "nope", "text", "x");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("HTTP 400").contains("unknown channelId nope");
        assertThat(INGRESS.received()).isEmpty();
    }
}
