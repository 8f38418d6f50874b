package dev.switchboard.sandbox.graph;

import java.util.Optional;

import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.Provider;

/** The bearer tokens of the Graph API: a request's token, and the Meta channel it belongs to. */
final class GraphAuth {

    private GraphAuth() {
    }

    /** The token of {@code Authorization: Bearer …}; null when there is none. */
    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** The Meta channel whose access token this is; empty for no token or one the sandbox does not know. */
    static Optional<Channel> channelOf(Channels channels, String token) {
        return token == null ? Optional.empty() : channels.all().stream()
                .filter(c -> c.provider() == Provider.META && token.equals(c.meta().accessToken())).findFirst();
    }
}
