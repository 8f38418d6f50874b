package dev.switchboard.outbound.sending;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What to do about a {@link SendOutcome}. Decided by the provider's error code first (Meta: "build your app's error
 * handling logic around code values … rather than subcodes or HTTP response status codes"; Meta moved its throttling
 * codes from HTTP 429 to 400), by the HTTP status only for codes not listed here. Meta's and Twilio's codes don't
 * collide in these tables: Twilio's are five-digit 2xxxx/6xxxx codes; Meta's five-digit code is 80007.
 *
 * <table>
 * <caption>Verdicts by error code</caption>
 * <tr><th>verdict</th><th>codes</th></tr>
 * <tr><td>{@link Verdict#RETRY_THROUGHPUT}</td><td>130429 (Cloud API throughput), 80007 (WABA rate limit), 4 (app
 * call limit), Twilio 20429 (too many requests), 63017 (account MPS), 63018 (sender rate limit); any other error
 * with HTTP 429; Unreachable with HTTP 429</td></tr>
 * <tr><td>{@link Verdict#RETRY_RECIPIENT}</td><td>131056 (pair rate limit: that recipient only)</td></tr>
 * <tr><td>{@link Verdict#RETRY_TRANSIENT}</td><td>131000, 131016, 2, 133004, 1 (unknown);
 * any other error with HTTP 5xx; every other Unreachable (timeouts, connection errors, 5xx without error body)</td></tr>
 * <tr><td>{@link Verdict#RETRY_MAINTENANCE}</td><td>131057 (account in maintenance, e.g. a throughput upgrade: "can
 * take up to 1 minute")</td></tr>
 * <tr><td>{@link Verdict#MARKETING_LIMIT}</td><td>131049 (Meta's per-user marketing limit: "not delivered to maintain
 * healthy ecosystem engagement"), Twilio 63049 (the same, as Twilio reports it)</td></tr>
 * <tr><td>{@link Verdict#MARKETING_OPT_OUT}</td><td>131050 (the user stopped marketing messages)</td></tr>
 * <tr><td>{@link Verdict#CHANNEL_AUTH}</td><td>190 (token), 0 (AuthException), 10 and 200–299 (permissions),
 * Twilio 20003 (authentication), 20403 (account suspended), 63007 (From is not this account's WhatsApp sender);
 * any other error with HTTP 401 (360dialog's answer to a wrong or revoked D360-API-KEY); and an answer that is not
 * the provider's (code 0 from {@link GraphResponses}/{@link TwilioResponses}: a 4xx or 2xx without the provider's
 * body means a wrong base URL or something in between)</td></tr>
 * <tr><td>{@link Verdict#PERMANENT}</td><td>everything else: 131047, 131026, 131051–131053, 132xxx, 133010,
 * 368, 131031, 100, 131062 (BSUID not supported for this message), Twilio 63016, 63024, 21211, 21408,
 * 21610…; and every local refusal ({@link SendOutcome.Rejected#local()}: nothing was sent)</td></tr>
 * </table>
 */
public final class ErrorClassifier {

    public enum Verdict {
        /** Sent (or, for an unsupported mark-as-read, skipped): done. */
        ACCEPTED,
        /** The number (or app, or account) is over its throughput: pause the whole channel, then retry. */
        RETRY_THROUGHPUT,
        /** Too many messages to this one recipient (131056): back off that recipient only. */
        RETRY_RECIPIENT,
        /** A passing server or network problem: retry with backoff. */
        RETRY_TRANSIENT,
        /**
         * The account is in maintenance (131057, e.g. its number's throughput is being upgraded, for up to a minute):
         * pause the number and retry without counting an attempt.
         */
        RETRY_MAINTENANCE,
        /**
         * Meta's per-user marketing limit (131049, Twilio 63049): fail now; retrying within hours cannot help, so a
         * later retry is the requester's (ticket-service schedules one).
         */
        MARKETING_LIMIT,
        /** The user stopped marketing messages (131050): fail now. */
        MARKETING_OPT_OUT,
        /** The channel's token, permissions or sender are refused: the channel is unhealthy; fail now. */
        CHANNEL_AUTH,
        /** Retrying cannot help: fail now with the provider's code and text. */
        PERMANENT
    }

    static final Set<Integer> THROUGHPUT = Set.of(130429, 80007, 4, 20429, 63017, 63018);
    static final Set<Integer> RECIPIENT = Set.of(131056);
    static final Set<Integer> TRANSIENT = Set.of(131000, 131016, 2, 133004, 1);
    static final int MAINTENANCE = 131057;
    static final Set<Integer> MARKETING_LIMITED = Set.of(131049, 63049);
    static final int MARKETING_OPTED_OUT = 131050;
    static final Set<Integer> AUTH = Set.of(190, 0, 10, 20003, 20403, 63007);
    static final int INVALID_PARAMETER = 100;
    static final int MEDIA_UPLOAD_ERROR = 131053;

    private ErrorClassifier() {
    }

    public static Verdict classify(SendOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome instanceof SendOutcome.Accepted) {
            return Verdict.ACCEPTED;
        }
        if (outcome instanceof SendOutcome.Unreachable unreachable) {
            Integer status = unreachable.httpStatus();
            return status != null && status == 429 ? Verdict.RETRY_THROUGHPUT : Verdict.RETRY_TRANSIENT;
        }
        SendOutcome.Rejected rejected = (SendOutcome.Rejected) outcome;
        if (rejected.local()) {
            return Verdict.PERMANENT;
        }
        return classify(rejected.httpStatus(), rejected.error().getCode());
    }

    /**
     * Whether Meta refused a message because of the media id it names: unknown, expired (uploads are kept 30 days) or
     * not this account's. Meta answers {@code (#100) Param image['id'] is not a valid whatsapp business account media
     * attachment ID} (code 100, HTTP 400), or 131053 (media upload error). A sender that used an id it kept from an
     * earlier upload uploads the file again.
     */
    public static boolean mediaIdRefused(SendOutcome outcome) {
        if (!(outcome instanceof SendOutcome.Rejected rejected) || rejected.local()) {
            return false;
        }
        int code = rejected.error().getCode();
        if (code == MEDIA_UPLOAD_ERROR) {
            return true;
        }
        String text = rejected.error().getMessage() + " " + rejected.error().getDetails();
        return code == INVALID_PARAMETER && text.toLowerCase(Locale.ROOT).contains("media");
    }

    /** The verdict for a provider error {@code code} that came with HTTP {@code httpStatus}. */
    public static Verdict classify(int httpStatus, int code) {
        if (THROUGHPUT.contains(code)) {
            return Verdict.RETRY_THROUGHPUT;
        }
        if (RECIPIENT.contains(code)) {
            return Verdict.RETRY_RECIPIENT;
        }
        if (TRANSIENT.contains(code)) {
            return Verdict.RETRY_TRANSIENT;
        }
        if (code == MAINTENANCE) {
            return Verdict.RETRY_MAINTENANCE;
        }
        if (MARKETING_LIMITED.contains(code)) {
            return Verdict.MARKETING_LIMIT;
        }
        if (code == MARKETING_OPTED_OUT) {
            return Verdict.MARKETING_OPT_OUT;
        }
        if (AUTH.contains(code) || code >= 200 && code <= 299 || httpStatus == 401) {
            return Verdict.CHANNEL_AUTH;
        }
        if (httpStatus == 429) {
            return Verdict.RETRY_THROUGHPUT;
        }
        if (httpStatus >= 500) {
            return Verdict.RETRY_TRANSIENT;
        }
        return Verdict.PERMANENT;
    }
}
