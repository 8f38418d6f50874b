package dev.switchboard.outbound.sending;

import java.util.concurrent.CompletableFuture;

import dev.switchboard.events.OutboundRequest;
import dev.switchboard.outbound.channel.OutboundChannels;

/** Sends one request through one provider, once: no retries here (the dispatcher decides about those). */
public interface ProviderClient {

    /**
     * Sends {@code request} from {@code channel}'s number.
     *
     * @return the outcome; the future never completes exceptionally and this method never throws: every failure
     *         is a {@link SendOutcome.Unreachable} or a {@link SendOutcome.Rejected}
     */
    CompletableFuture<SendOutcome> send(OutboundChannels.Channel channel, OutboundRequest request);
}
