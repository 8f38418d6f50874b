package dev.switchboard.sandbox.support;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.switchboard.sandbox.channel.ChannelProperties;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.Provider;

/** The demo channels of docs/public-surface.md, for tests without Spring. */
public final class TestChannels {

    public static final String TWILIO_ACCOUNT = "AC00000000000000000000000000000000";
    public static final String TWILIO_SENDER = "whatsapp:+15550002222";

    private TestChannels() {
    }

    public static Channels demo() {
        return new Channels(new ChannelProperties(Map.of(
                "demo", new ChannelProperties.Entry(Provider.META, new ChannelProperties.Meta(
                        List.of("100200300400500"), "+15550001111", "900800700600500", "demo-app-secret",
                        "demo-access-token"), null),
                "demo-twilio", new ChannelProperties.Entry(Provider.TWILIO, null, new ChannelProperties.Twilio(
                        TWILIO_ACCOUNT, "demo-twilio-auth-token", List.of(TWILIO_SENDER),
                        URI.create("http://localhost:8080/webhooks/twilio/demo-twilio"))))));
    }
}
