package dev.switchboard.outbound.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keepDone how long a finished request stays in send_request after it arrived. Its id is what keeps a
 *                 redelivered or replayed request from being sent again, so this must outlast the requests topic's
 *                 retention (7 days in deploy/k8s); {@link Retention} refuses to delete while it does not.
 * @param interval how often each replica looks for rows to delete
 * @param batch    rows deleted per transaction (short transactions, no long locks)
 */
@ConfigurationProperties("switchboard.outbound.retention")
public record RetentionSettings(@DefaultValue("8d") Duration keepDone, @DefaultValue("10m") Duration interval,
                                @DefaultValue("10000") int batch) {

    public RetentionSettings {
        if (keepDone.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("switchboard.outbound.retention.keep-done must be at least 1h (and longer"
                    + " than the requests topic's retention), not " + keepDone);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("switchboard.outbound.retention.interval must be positive, not " + interval);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("switchboard.outbound.retention.batch must be at least 1, not " + batch);
        }
    }

    /**
     * Why finished requests must not be deleted with a topic that keeps records {@code topicRetentionMs} (-1:
     * forever), or null if they may.
     */
    public String refusal(long topicRetentionMs) {
        if (topicRetentionMs < 0) {
            return "the requests topic keeps its records forever (retention.ms -1): a replay could resend any request"
                    + " whose row was deleted";
        }
        if (keepDone.toMillis() <= topicRetentionMs) {
            return "switchboard.outbound.retention.keep-done (" + keepDone + ") is not longer than the requests topic's"
                    + " retention (" + Duration.ofMillis(topicRetentionMs) + "): a replay could resend a deleted request";
        }
        return null;
    }
}
