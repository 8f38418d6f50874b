package dev.switchboard.media.fetching;

import dev.switchboard.events.InboundMessage;

/**
 * Fetches one inbound message's file from its provider into the store. One attempt per call; never throws for what
 * the provider or the network does (that is an outcome), so the caller only decides what to do next.
 */
public interface MediaFetcher {

    FetchOutcome fetch(InboundMessage message);
}
