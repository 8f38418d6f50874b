package dev.switchboard.outbound.sending;

import static dev.switchboard.outbound.sending.ErrorClassifier.Verdict.ACCEPTED;
import static dev.switchboard.outbound.sending.ErrorClassifier.Verdict.CHANNEL_AUTH;
import static dev.switchboard.outbound.sending.ErrorClassifier.Verdict.PERMANENT;
import static dev.switchboard.outbound.sending.ErrorClassifier.Verdict.RETRY_RECIPIENT;
import static dev.switchboard.outbound.sending.ErrorClassifier.Verdict.RETRY_THROUGHPUT;
import static dev.switchboard.outbound.sending.ErrorClassifier.Verdict.RETRY_TRANSIENT;
import static dev.switchboard.outbound.sending.SendingFixtures.request;
import static dev.switchboard.outbound.sending.SendingFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.switchboard.events.OutboundType;
import dev.switchboard.events.ProviderError;
import dev.switchboard.outbound.sending.ErrorClassifier.Verdict;

class ErrorClassifierTest {

    /** Every code the issue and the references name, with the HTTP status the provider answers it with. */
    @ParameterizedTest(name = "{1} (HTTP {0}) → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # Meta: over the number's/app's/WABA's throughput
            400 | 130429 | RETRY_THROUGHPUT
            429 | 130429 | RETRY_THROUGHPUT
            400 | 80007  | RETRY_THROUGHPUT
            400 | 4      | RETRY_THROUGHPUT
            429 | 4      | RETRY_THROUGHPUT
            # Twilio: REST concurrency, account MPS, sender rate limit
            429 | 20429  | RETRY_THROUGHPUT
            400 | 63017  | RETRY_THROUGHPUT
            400 | 63018  | RETRY_THROUGHPUT
            # Meta: pair rate limit, that recipient only
            400 | 131056 | RETRY_RECIPIENT
            429 | 131056 | RETRY_RECIPIENT
            # Meta: transient
            500 | 131000 | RETRY_TRANSIENT
            503 | 131016 | RETRY_TRANSIENT
            503 | 2      | RETRY_TRANSIENT
            503 | 133004 | RETRY_TRANSIENT
            400 | 1      | RETRY_TRANSIENT
            # any other code answered with a 5xx
            500 | 99999  | RETRY_TRANSIENT
            502 | 131047 | RETRY_TRANSIENT
            # any other code answered with a 429
            429 | 99999  | RETRY_THROUGHPUT
            # Meta: token and permissions
            401 | 190    | CHANNEL_AUTH
            401 | 0      | CHANNEL_AUTH
            403 | 10     | CHANNEL_AUTH
            403 | 200    | CHANNEL_AUTH
            403 | 250    | CHANNEL_AUTH
            403 | 299    | CHANNEL_AUTH
            # any other code answered with a 401 (360dialog: a wrong or revoked D360-API-KEY)
            401 | 100    | CHANNEL_AUTH
            # Twilio: credentials, suspended account, From not this account's sender
            401 | 20003  | CHANNEL_AUTH
            403 | 20403  | CHANNEL_AUTH
            400 | 63007  | CHANNEL_AUTH
            # an answer that is not the provider's (code 0 from the parsers)
            404 | 0      | CHANNEL_AUTH
            200 | 0      | CHANNEL_AUTH
            # Meta: the account in maintenance (e.g. a throughput upgrade, up to a minute): wait it out
            500 | 131057 | RETRY_MAINTENANCE
            400 | 131057 | RETRY_MAINTENANCE
            # Meta's per-user marketing limit (and Twilio's report of it); the user stopped marketing messages
            400 | 131049 | MARKETING_LIMIT
            400 | 63049  | MARKETING_LIMIT
            400 | 131050 | MARKETING_OPT_OUT
            # Meta: permanent
            400 | 131047 | PERMANENT
            400 | 131026 | PERMANENT
            400 | 131051 | PERMANENT
            400 | 131052 | PERMANENT
            400 | 131053 | PERMANENT
            400 | 132000 | PERMANENT
            404 | 132001 | PERMANENT
            400 | 132005 | PERMANENT
            400 | 132007 | PERMANENT
            400 | 132012 | PERMANENT
            400 | 132015 | PERMANENT
            400 | 132016 | PERMANENT
            400 | 133010 | PERMANENT
            403 | 368    | PERMANENT
            403 | 131031 | PERMANENT
            400 | 100    | PERMANENT
            400 | 131008 | PERMANENT
            400 | 131009 | PERMANENT
            400 | 131021 | PERMANENT
            400 | 131042 | PERMANENT
            400 | 131048 | PERMANENT
            400 | 130472 | PERMANENT
            400 | 131062 | PERMANENT
            400 | 133016 | PERMANENT
            # Twilio: permanent
            400 | 63016  | PERMANENT
            400 | 63024  | PERMANENT
            400 | 63014  | PERMANENT
            400 | 63032  | PERMANENT
            400 | 21211  | PERMANENT
            400 | 21408  | PERMANENT
            400 | 21610  | PERMANENT
            400 | 20001  | PERMANENT
            """)
    void providerErrors(int httpStatus, int code, Verdict expected) {
        SendOutcome rejected = new SendOutcome.Rejected(httpStatus, ProviderError.newBuilder().setCode(code).build(), null);

        assertThat(ErrorClassifier.classify(rejected)).isEqualTo(expected);
        assertThat(ErrorClassifier.classify(httpStatus, code)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            timeout                              |     | RETRY_TRANSIENT
            connection refused                   |     | RETRY_TRANSIENT
            HTTP 503 without a Graph API error   | 503 | RETRY_TRANSIENT
            HTTP 500 without a Twilio error      | 500 | RETRY_TRANSIENT
            HTTP 429 without a Graph API error   | 429 | RETRY_THROUGHPUT
            """)
    void unreachable(String reason, Integer httpStatus, Verdict expected) {
        assertThat(ErrorClassifier.classify(new SendOutcome.Unreachable(reason, httpStatus))).isEqualTo(expected);
    }

    @Test
    void metaRefusingAMediaIdIsToldApartFromOtherInvalidParameters() {
        assertThat(ErrorClassifier.mediaIdRefused(new SendOutcome.Rejected(400, ProviderError.newBuilder().setCode(100)
                .setMessage("(#100) Param image['id'] is not a valid whatsapp business account media attachment ID")
                .build(), null))).isTrue();
        assertThat(ErrorClassifier.mediaIdRefused(new SendOutcome.Rejected(400, ProviderError.newBuilder()
                .setCode(131053).setMessage("Media upload error").build(), null))).isTrue();
        assertThat(ErrorClassifier.mediaIdRefused(new SendOutcome.Rejected(400, ProviderError.newBuilder().setCode(100)
                .setMessage("(#100) Invalid parameter").setDetails("Param text['body'] must be at most 4096").build(),
                null))).isFalse();
        assertThat(ErrorClassifier.mediaIdRefused(new SendOutcome.Unreachable("timeout", null))).isFalse();
        assertThat(ErrorClassifier.mediaIdRefused(SendOutcome.Rejected.notSendable("no media", "media id"))).isFalse();
    }

    @Test
    void accepted() {
        assertThat(ErrorClassifier.classify(new SendOutcome.Accepted("wamid.X", "accepted"))).isEqualTo(ACCEPTED);
        assertThat(ErrorClassifier.classify(new SendOutcome.Accepted(null, TwilioClient.UNSUPPORTED))).isEqualTo(ACCEPTED);
    }

    @Test
    void whatWasNeverSentIsPermanentThoughItsCodeIsZero() {
        SendOutcome.Rejected local = SendOutcome.Rejected.notSendable("not supported by the Twilio channel", "reaction");

        assertThat(local.local()).isTrue();
        assertThat(local.error().getCode()).isZero();
        assertThat(ErrorClassifier.classify(local)).isEqualTo(PERMANENT);
    }

    @Test
    void theFixturesAnswersClassify() {
        var text = request(OutboundType.TEXT).setText(dev.switchboard.events.OutboundText.newBuilder().setBody("x").build())
                .build();

        assertThat(classifyGraph(text, 400, "send-error-130429.json")).isEqualTo(RETRY_THROUGHPUT);
        assertThat(classifyGraph(text, 400, "send-error-131056-pair-rate-limit.json")).isEqualTo(RETRY_RECIPIENT);
        assertThat(classifyGraph(text, 429, "graph-error-4-app-rate-limit.json")).isEqualTo(RETRY_THROUGHPUT);
        assertThat(classifyGraph(text, 500, "graph-error-2-transient.json")).isEqualTo(RETRY_TRANSIENT);
        assertThat(classifyGraph(text, 401, "graph-error-190-invalid-token.json")).isEqualTo(CHANNEL_AUTH);
        assertThat(classifyGraph(text, 403, "graph-error-200-permission.json")).isEqualTo(CHANNEL_AUTH);
        assertThat(classifyGraph(text, 400, "graph-error-100-subcode-33-object-not-found.json")).isEqualTo(PERMANENT);
        assertThat(ErrorClassifier.classify(TwilioResponses.outcome(400, text("twilio/rest-error-response.json"), null)))
                .isEqualTo(PERMANENT);
    }

    @Test
    void retryAfterIsOnTheOutcomeWhateverItsKind() {
        assertThat(new SendOutcome.Rejected(429, ProviderError.newBuilder().setCode(20429).build(), Duration.ofSeconds(7))
                .retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(((SendOutcome) new SendOutcome.Unreachable("x", 503, Duration.ofSeconds(9))).retryAfter())
                .isEqualTo(Duration.ofSeconds(9));
        assertThat(((SendOutcome) new SendOutcome.Accepted("id", "accepted")).retryAfter()).isNull();
    }

    private static Verdict classifyGraph(dev.switchboard.events.OutboundRequest request, int status, String fixture) {
        return ErrorClassifier.classify(GraphResponses.outcome(request, status, text("meta/" + fixture), null));
    }
}
