package dev.switchboard.sandbox.fault;

/**
 * A fault to inject, as posted to {@code POST /sandbox/faults}. At least one of {@code code}, {@code httpStatus} and
 * {@code delayMillis}.
 *
 * @param code              the provider's error code to answer with (Meta: 130429, 131056, …; Twilio: 20429, 21211,
 *                          …); codes that Meta or Twilio report asynchronously (131047, 131026, 63016, …) are
 *                          answered as an accepted send followed by a failed status carrying the code
 * @param httpStatus        the HTTP status; alone (no code) the answer is a bare error page, as from a proxy
 * @param count             how many matching requests fail; absent: every one until the fault is deleted
 * @param ratio             the share of matching requests that fail, 0 < ratio <= 1 (random); absent: all
 * @param recipient         only sends to this customer (digits, +digits or whatsapp:+digits)
 * @param channelId         only sends on this channel
 * @param provider          meta or twilio; absent: the channel's provider, else guessed from the code (Twilio's
 *                          codes are 20000-69999 except Meta's own)
 * @param retryAfterSeconds adds a {@code Retry-After} header
 * @param details           replaces the error's details text
 * @param async             true: the send is accepted (Meta: 200 with a wamid; Twilio: 201 with a SID) and a
 *                          {@code failed} ({@code undelivered}) status with the code follows, as Meta reports 131049
 *                          (its per-user marketing limit); false: the code is the send's answer; absent: as the
 *                          provider reports that code (see {@code code})
 * @param delayMillis       a provider that answers late (a timeout for a client that waits less): the send is held
 *                          that long, 0 < delayMillis <= 120000, then answered with the fault's error (its code and
 *                          httpStatus; neither given: 503, a bare page); it is never accepted, so a client that gave
 *                          up and sends again sends nothing twice
 */
public record FaultRequest(Integer code, Integer httpStatus, Integer count, Double ratio, String recipient,
                           String channelId, String provider, Integer retryAfterSeconds, String details,
                           Boolean async, Integer delayMillis) {

    /** The longest delay: two minutes, beyond any client's sensible request timeout. */
    public static final int MAX_DELAY_MILLIS = 120_000;

    /** This request answering with {@code status} (a delay given alone answers 503). */
    FaultRequest withHttpStatus(int status) {
        return new FaultRequest(code, status, count, ratio, recipient, channelId, provider, retryAfterSeconds, details,
                async, delayMillis);
    }
}
