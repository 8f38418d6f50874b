package dev.switchboard.media.fetching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.MediaFailure;

/** What the providers' refusals come to: the reason an agent reads, or another attempt. */
class ProviderAnswersTest {

    private static String metaError(int code) {
        return "{\"error\":{\"message\":\"(#" + code + ") something\",\"type\":\"OAuthException\",\"code\":" + code
                + ",\"error_subcode\":33,\"error_data\":{\"details\":\"more\"},\"fbtrace_id\":\"Atrace\"}}";
    }

    private static MediaFailure failure(FetchOutcome outcome) {
        assertThat(outcome).isInstanceOf(FetchOutcome.Failed.class);
        return ((FetchOutcome.Failed) outcome).failure();
    }

    @Test
    void metasUnknownOrExpiredMediaIdIsExpiredWhateverTheStatus() {
        FetchOutcome outcome = ProviderAnswers.refusal("Graph media 1", 400, metaError(100), null);
        assertThat(failure(outcome)).isEqualTo(MediaFailure.EXPIRED);
        var error = ((FetchOutcome.Failed) outcome).error();
        assertThat(error.getCode()).isEqualTo(100);
        assertThat(error.getSubcode()).isEqualTo(33);
        assertThat(error.getDetails()).isEqualTo("more");
        assertThat(error.getTraceId()).isEqualTo("Atrace");
    }

    @Test
    void aMissingFileIsExpired() {
        assertThat(failure(ProviderAnswers.refusal("download", 404, "", null))).isEqualTo(MediaFailure.EXPIRED);
        assertThat(failure(ProviderAnswers.refusal("download", 410, "<html>gone</html>", null)))
                .isEqualTo(MediaFailure.EXPIRED);
    }

    @Test
    void refusedCredentialsMakeTheChannelUnavailable() {
        assertThat(failure(ProviderAnswers.refusal("Graph", 401, metaError(190), null)))
                .isEqualTo(MediaFailure.CHANNEL_UNAVAILABLE);
        assertThat(failure(ProviderAnswers.refusal("Graph", 403, metaError(200), null)))
                .isEqualTo(MediaFailure.CHANNEL_UNAVAILABLE);
        assertThat(failure(ProviderAnswers.refusal("Twilio", 401,
                "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":\"https://www.twilio.com/docs/errors/20003\"}",
                null))).isEqualTo(MediaFailure.CHANNEL_UNAVAILABLE);
    }

    @Test
    void rateLimitsServerErrorsAndMetasTransientCodesAreRetried() {
        assertThat(ProviderAnswers.refusal("x", 429, "", Duration.ofSeconds(7)))
                .isEqualTo(new FetchOutcome.Transient("x: HTTP 429 (empty body)", null, Duration.ofSeconds(7)));
        assertThat(ProviderAnswers.refusal("x", 503, "<html>down</html>", null))
                .isInstanceOf(FetchOutcome.Transient.class);
        assertThat(ProviderAnswers.refusal("x", 400, metaError(4), null)).isInstanceOf(FetchOutcome.Transient.class);
        assertThat(ProviderAnswers.refusal("x", 400, metaError(130429), null))
                .isInstanceOf(FetchOutcome.Transient.class);
    }

    @Test
    void anyOtherRefusalIsRejectedWithTheProvidersError() {
        FetchOutcome outcome = ProviderAnswers.refusal("Twilio MediaUrl", 400,
                "{\"code\":20001,\"message\":\"Invalid parameter\",\"more_info\":\"https://www.twilio.com/docs/errors/20001\"}",
                null);
        assertThat(failure(outcome)).isEqualTo(MediaFailure.REJECTED);
        FetchOutcome.Failed failed = (FetchOutcome.Failed) outcome;
        assertThat(failed.error().getCode()).isEqualTo(20001);
        assertThat(failed.error().getHref()).endsWith("/20001");
        assertThat(failed.detail()).isEqualTo("Twilio MediaUrl: HTTP 400 error 20001 Invalid parameter");
    }

    @Test
    void metasFileSizeIsReadAsANumberOrAsText() {
        assertThat(ProviderAnswers.size(ProviderAnswers.json("{\"file_size\":303833}"), "file_size")).isEqualTo(303833L);
        assertThat(ProviderAnswers.size(ProviderAnswers.json("{\"file_size\":\"303833\"}"), "file_size"))
                .isEqualTo(303833L);
        assertThat(ProviderAnswers.size(ProviderAnswers.json("not json"), "file_size")).isNull();
    }
}
