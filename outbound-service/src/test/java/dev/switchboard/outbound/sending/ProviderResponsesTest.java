package dev.switchboard.outbound.sending;

import static dev.switchboard.outbound.sending.SendingFixtures.request;
import static dev.switchboard.outbound.sending.SendingFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.MarkRead;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.ProviderError;

/** Every fixture answer of the Graph API and Twilio, and the answers that are neither. */
class ProviderResponsesTest {

    private static final OutboundRequest TEXT = request(OutboundType.TEXT)
            .setText(OutboundText.newBuilder().setBody("hi").build()).build();
    private static final OutboundRequest MARK_READ = request(OutboundType.MARK_READ)
            .setMarkRead(MarkRead.newBuilder().setMessageId("wamid.INBOUND").build()).build();

    // ------------------------------------------------------------------ Graph API

    @Test
    void graphSuccessWithoutMessageStatusIsAccepted() {
        assertThat(graph(TEXT, 200, "send-response-success.json")).isEqualTo(
                new SendOutcome.Accepted("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA", "accepted"));
    }

    @Test
    void graphSuccessCarriesTheMessageStatus() {
        assertThat(graph(TEXT, 200, "send-response-success-message-status.json"))
                .isEqualTo(new SendOutcome.Accepted("wamid.gBGGSFcCNEOPAgkO_KJ55r4w_ww", "accepted"));
        assertThat(GraphResponses.outcome(TEXT, 200,
                "{\"messages\":[{\"id\":\"wamid.X\",\"message_status\":\"held_for_quality_assessment\"}]}", null))
                .isEqualTo(new SendOutcome.Accepted("wamid.X", "held_for_quality_assessment"));
    }

    @Test
    void anUploadsAnswerIsItsMediaIdOrAFailureJudgedLikeASend() {
        assertThat(GraphResponses.upload(200, "{\"id\":\"4490709327384033\"}", null))
                .isEqualTo(new MediaUpload.Uploaded("4490709327384033"));
        MediaUpload refused = GraphResponses.upload(400, text("meta/send-error-130429.json"), Duration.ofSeconds(3));
        assertThat(refused).isInstanceOfSatisfying(MediaUpload.Failed.class, failed -> {
            assertThat(ErrorClassifier.classify(failed.outcome())).isEqualTo(ErrorClassifier.Verdict.RETRY_THROUGHPUT);
            assertThat(failed.outcome().retryAfter()).isEqualTo(Duration.ofSeconds(3));
        });
        assertThat(GraphResponses.upload(502, "<html>Bad gateway</html>", null)).isInstanceOfSatisfying(
                MediaUpload.Failed.class, failed -> assertThat(failed.outcome()).isInstanceOf(SendOutcome.Unreachable.class));
        // a 2xx without an id is not the Graph API talking
        assertThat(GraphResponses.upload(200, "{\"success\":true}", null)).isInstanceOfSatisfying(
                MediaUpload.Failed.class, failed -> assertThat(ErrorClassifier.classify(failed.outcome()))
                        .isEqualTo(ErrorClassifier.Verdict.CHANNEL_AUTH));
    }

    @Test
    void markReadSuccessIsTheMarkedMessageRead() {
        assertThat(graph(MARK_READ, 200, "send-response-mark-read.json"))
                .isEqualTo(new SendOutcome.Accepted("wamid.INBOUND", "read"));
    }

    @Test
    void throughputErrorKeepsEveryField() {
        SendOutcome outcome = GraphResponses.outcome(TEXT, 400, text("meta/send-error-130429.json"), Duration.ofSeconds(7));

        assertThat(outcome).isEqualTo(new SendOutcome.Rejected(400, ProviderError.newBuilder()
                .setCode(130429)
                .setSubcode(2494055)
                .setTitle("OAuthException")
                .setMessage("(#130429) Rate limit hit")
                .setDetails("Message failed to send because there were too many messages sent from this phone number"
                        + " in a short period of time")
                .setTraceId("Az8or2yhqkZfEZ-_4Qn_Bam")
                .build(), Duration.ofSeconds(7)));
    }

    @Test
    void marketingLimitOptOutAndMaintenanceErrorsAreReadAndJudgedByTheirCode() {
        SendOutcome limited = graph(TEXT, 400, "send-error-131049-marketing-limit.json");
        SendOutcome optedOut = graph(TEXT, 400, "send-error-131050-marketing-opted-out.json");
        SendOutcome maintenance = graph(TEXT, 500, "send-error-131057-maintenance.json");

        assertThat(limited).isEqualTo(new SendOutcome.Rejected(400, ProviderError.newBuilder().setCode(131049)
                .setTitle("OAuthException")
                .setMessage("(#131049) This message was not delivered to maintain healthy ecosystem engagement.")
                .setDetails("In order to maintain a healthy ecosystem engagement, the message failed to be delivered.")
                .setTraceId("AmJ4kHqZ0sB1xWfT9cLpQ2r").build(), null));
        assertThat(ErrorClassifier.classify(limited)).isEqualTo(ErrorClassifier.Verdict.MARKETING_LIMIT);
        assertThat(((SendOutcome.Rejected) optedOut).error().getCode()).isEqualTo(131050);
        assertThat(((SendOutcome.Rejected) optedOut).error().getDetails())
                .contains("chosen to stop receiving marketing messages");
        assertThat(ErrorClassifier.classify(optedOut)).isEqualTo(ErrorClassifier.Verdict.MARKETING_OPT_OUT);
        assertThat(((SendOutcome.Rejected) maintenance).error().getDetails()).contains("throughput upgrade");
        assertThat(ErrorClassifier.classify(maintenance)).isEqualTo(ErrorClassifier.Verdict.RETRY_MAINTENANCE);
    }

    @Test
    void pairRateLimitError() {
        assertThat(graph(TEXT, 400, "send-error-131056-pair-rate-limit.json")).isEqualTo(new SendOutcome.Rejected(400,
                ProviderError.newBuilder().setCode(131056).setTitle("OAuthException")
                        .setMessage("(#131056) (Business Account, Consumer Account) pair rate limit hit").build(), null));
    }

    @Test
    void graphErrorsOfEveryStatus() {
        assertThat(graph(TEXT, 400, "graph-error-100-subcode-33-object-not-found.json")).isEqualTo(new SendOutcome.Rejected(
                400, ProviderError.newBuilder().setCode(100).setSubcode(33).setTitle("GraphMethodException")
                .setMessage("Unsupported get request. Object with ID '454545' does not exist, cannot be loaded due to"
                        + " missing permissions, or does not support this operation. Please read the Graph API"
                        + " documentation at https://developers.facebook.com/docs/graph-api")
                .setTraceId("AeadGx6xI8M9EVqcy11ynej").build(), null));
        assertThat(graph(TEXT, 401, "graph-error-190-invalid-token.json")).isEqualTo(new SendOutcome.Rejected(401,
                ProviderError.newBuilder().setCode(190).setSubcode(463).setTitle("OAuthException")
                        .setMessage("Invalid OAuth access token").setTraceId("AXsgnV2Cm3ZMGF3dF_cfYIn").build(), null));
        assertThat(graph(TEXT, 500, "graph-error-2-transient.json")).isEqualTo(new SendOutcome.Rejected(500,
                ProviderError.newBuilder().setCode(2).setTitle("GraphMethodException")
                        .setMessage("An unexpected error occurred. Please retry your request")
                        .setTraceId("AXsgnV2Cm3ZMGF3dF_cfYIn").build(), null));
        assertThat(graph(TEXT, 429, "graph-error-4-app-rate-limit.json")).isEqualTo(new SendOutcome.Rejected(429,
                ProviderError.newBuilder().setCode(4).setSubcode(2446079).setTitle("OAuthException")
                        .setMessage("Application request limit reached").setTraceId("AXsgnV2Cm3ZMGF3dF_cfYIn").build(), null));
    }

    @Test
    void theUserTitleAndUserMessageAreUsedWhenMetaGivesThem() {
        // error_user_title beats type; error_user_msg stands in for the missing error_data.details.
        assertThat(graph(TEXT, 403, "graph-error-200-permission.json")).isEqualTo(new SendOutcome.Rejected(403,
                ProviderError.newBuilder().setCode(200).setSubcode(1349174).setTitle("Permission Denied")
                        .setMessage("Your app doesn't have permission to access this WhatsApp Business Account")
                        .setDetails("Your app doesn't have permission to access this resource")
                        .setTraceId("AXsgnV2Cm3ZMGF3dF_cfYIn").build(), null));
    }

    @Test
    void aServerErrorPageIsUnreachable() {
        SendOutcome outcome = GraphResponses.outcome(TEXT, 503,
                "<html><body><h1>503 Service Unavailable</h1>\n</body></html>", Duration.ofSeconds(30));

        assertThat(outcome).isEqualTo(new SendOutcome.Unreachable("HTTP 503 without a Graph API error:"
                + " <html><body><h1>503 Service Unavailable</h1> </body></html>", 503, Duration.ofSeconds(30)));
        assertThat(GraphResponses.outcome(TEXT, 429, "", null))
                .isEqualTo(new SendOutcome.Unreachable("HTTP 429 without a Graph API error: (empty body)", 429));
    }

    @Test
    void anAnswerThatIsNotTheGraphApiIsRejectedWithCodeZero() {
        SendOutcome notFound = GraphResponses.outcome(TEXT, 404, "<html>Not Found</html>", null);
        SendOutcome noId = GraphResponses.outcome(TEXT, 200, "{\"messages\":[]}", null);
        SendOutcome notRead = GraphResponses.outcome(MARK_READ, 200, "{\"success\":false}", null);

        assertThat(notFound).isEqualTo(new SendOutcome.Rejected(404, ProviderError.newBuilder().setCode(0)
                .setTitle("HTTP 404 without a Graph API error").setMessage("<html>Not Found</html>").build(), null));
        assertThat(noId).isInstanceOfSatisfying(SendOutcome.Rejected.class, r -> {
            assertThat(r.httpStatus()).isEqualTo(200);
            assertThat(r.error().getCode()).isZero();
            assertThat(r.local()).isFalse();
        });
        assertThat(notRead).isInstanceOf(SendOutcome.Rejected.class);
    }

    // ------------------------------------------------------------------ Twilio

    @Test
    void twilioCreatedIsAcceptedWithSidAndStatus() {
        assertThat(TwilioResponses.outcome(201, text("twilio/message-create-response.json"), null))
                .isEqualTo(new SendOutcome.Accepted("SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "sent"));
    }

    @Test
    void twilioErrorKeepsCodeMessageAndMoreInfo() {
        assertThat(TwilioResponses.outcome(400, text("twilio/rest-error-response.json"), null))
                .isEqualTo(new SendOutcome.Rejected(400, ProviderError.newBuilder().setCode(20001).setMessage("Bad request")
                        .setHref("https://www.twilio.com/docs/errors/20001").build(), null));
    }

    @Test
    void twilioTooManyRequestsCarriesRetryAfter() {
        String body = "{\"code\":20429,\"message\":\"Too Many Requests\",\"more_info\":"
                + "\"https://www.twilio.com/docs/errors/20429\",\"status\":429}";

        assertThat(TwilioResponses.outcome(429, body, Duration.ofSeconds(7))).isEqualTo(new SendOutcome.Rejected(429,
                ProviderError.newBuilder().setCode(20429).setMessage("Too Many Requests")
                        .setHref("https://www.twilio.com/docs/errors/20429").build(), Duration.ofSeconds(7)));
    }

    @Test
    void twilioAnswersWithoutErrorBody() {
        assertThat(TwilioResponses.outcome(502, "Bad Gateway", null))
                .isEqualTo(new SendOutcome.Unreachable("HTTP 502 without a Twilio error: Bad Gateway", 502));
        assertThat(TwilioResponses.outcome(201, "{}", null)).isInstanceOfSatisfying(SendOutcome.Rejected.class,
                r -> assertThat(r.error().getCode()).isZero());
        assertThat(TwilioResponses.outcome(401, "Unauthorized", null)).isInstanceOfSatisfying(SendOutcome.Rejected.class,
                r -> assertThat(r.httpStatus()).isEqualTo(401));
    }

    // ------------------------------------------------------------------ Retry-After

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");

        assertThat(ProviderHttp.retryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(ProviderHttp.retryAfter(" 120 ", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(ProviderHttp.retryAfter("Sat, 21 Nov 2026 10:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ProviderHttp.retryAfter("Sat, 21 Nov 2026 09:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(ProviderHttp.retryAfter("soon", now)).isNull();
        assertThat(ProviderHttp.retryAfter(null, now)).isNull();
    }

    private static SendOutcome graph(OutboundRequest request, int status, String fixture) {
        return GraphResponses.outcome(request, status, text("meta/" + fixture), null);
    }
}
