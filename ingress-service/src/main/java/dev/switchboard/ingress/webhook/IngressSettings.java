package dev.switchboard.ingress.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param publishTimeout {@code switchboard.ingress.publish-timeout}: how long a webhook may wait for Kafka's
 *                       acknowledgements before it is answered 503 (the sender then retries). Keep it well
 *                       under the senders' own timeouts (Twilio reads for at most 15 s).
 * @param maxBodySize    {@code switchboard.ingress.max-body-size}: larger bodies are refused with 413 before they
 *                       are read to the end. Meta's limit is 5 MiB.
 */
@ConfigurationProperties("switchboard.ingress")
public record IngressSettings(@DefaultValue("5s") Duration publishTimeout, @DefaultValue("5MB") DataSize maxBodySize) {

    public IngressSettings {
        if (publishTimeout.isZero() || publishTimeout.isNegative() || publishTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("switchboard.ingress.publish-timeout must be between 1ms and 60s, but is "
                    + publishTimeout);
        }
        if (maxBodySize.toBytes() < 1024 || maxBodySize.toBytes() > 7L * 1024 * 1024) {
            throw new IllegalArgumentException("switchboard.ingress.max-body-size must be between 1KB and 7MB (the raw"
                    + " topic takes records up to 8 MiB), but is " + maxBodySize);
        }
    }
}
