package dev.switchboard.ingress.webhook;

import java.time.Instant;
import java.util.Set;

/**
 * What parsing needs to know about a verified webhook: its channel, the numbers that belong to the channel,
 * the id under which its raw body is recorded, and when it arrived.
 *
 * @param businessNumberIds Meta phone_number_ids (or Twilio sender addresses) of the channel; messages and
 *                          statuses for any other number are refused, or (Meta) routed to the channel that has it
 */
public record WebhookSource(String channelId, Set<String> businessNumberIds, String rawWebhookId, Instant receivedAt) {

    public WebhookSource {
        businessNumberIds = Set.copyOf(businessNumberIds);
    }
}
