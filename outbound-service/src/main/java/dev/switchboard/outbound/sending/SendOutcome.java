package dev.switchboard.outbound.sending;

import java.time.Duration;
import java.util.Objects;

import dev.switchboard.events.ProviderError;

/**
 * What one send attempt came to. A {@link ProviderClient} answers every attempt with exactly one of these and never
 * fails; {@link ErrorClassifier} says what to do about it.
 */
public sealed interface SendOutcome {

    /**
     * How long the provider asked us to wait ({@code Retry-After}), or null when it did not say.
     */
    default Duration retryAfter() {
        return null;
    }

    /**
     * The provider took the message.
     *
     * @param messageId      the wamid (Meta) or message SID (Twilio); for a mark-as-read, the message marked read; null
     *                       when nothing was sent because the channel has no such operation (see providerStatus)
     * @param providerStatus Meta's {@code messages[0].message_status} ({@code accepted},
     *                       {@code held_for_quality_assessment}, {@code paused}; {@code accepted} when Meta leaves it
     *                       out), Twilio's {@code status} ({@code queued}, {@code accepted}, …), {@code read} for a
     *                       mark-as-read, or {@code unsupported} when the channel cannot do it and it was skipped
     */
    record Accepted(String messageId, String providerStatus) implements SendOutcome {
    }

    /**
     * The provider answered with an error of its own (or, with {@code httpStatus} 0, we refused to send it: see
     * {@link #local()}).
     *
     * @param httpStatus the HTTP status of the answer; 0 when nothing was sent
     * @param error      the provider's error as it reported it (code, subcode, title, message, details, href,
     *                   trace id)
     * @param retryAfter the answer's {@code Retry-After}, or null
     */
    record Rejected(int httpStatus, ProviderError error, Duration retryAfter) implements SendOutcome {

        /** The code and title of the errors we make up ourselves (nothing sent, or an answer without error body). */
        public static final int NO_PROVIDER_CODE = 0;

        public Rejected {
            Objects.requireNonNull(error, "error");
        }

        /**
         * Refused before anything was sent: the request cannot be expressed on this channel (a Twilio channel asked
         * for a reaction, media by id, a template without Content SID…) or is malformed. Retrying cannot help;
         * the failure kind that fits is {@code INVALID_REQUEST}.
         */
        public static Rejected notSendable(String title, String message) {
            return new Rejected(0, ProviderError.newBuilder()
                    .setCode(NO_PROVIDER_CODE)
                    .setTitle(title)
                    .setMessage(message)
                    .build(), null);
        }

        /** Whether this was decided here, without asking the provider (nothing was sent). */
        public boolean local() {
            return httpStatus == 0;
        }
    }

    /**
     * No usable answer: a timeout, a connection error, or a 5xx/429 without the provider's error body. Whether the
     * provider got the message is unknown when the request was written before the failure (see {@code reason}).
     *
     * @param reason     what went wrong, for logs and the failed result
     * @param httpStatus the HTTP status when there was an answer (5xx, 429), else null
     * @param retryAfter the answer's {@code Retry-After}, or null
     */
    record Unreachable(String reason, Integer httpStatus, Duration retryAfter) implements SendOutcome {

        public Unreachable(String reason, Integer httpStatus) {
            this(reason, httpStatus, null);
        }
    }
}
