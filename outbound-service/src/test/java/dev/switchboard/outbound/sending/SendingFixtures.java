package dev.switchboard.outbound.sending;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.switchboard.events.Customer;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.outbound.channel.OutboundChannels;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Fixtures (src/test/resources/fixtures, see SOURCES.md there), requests and channels shared by the tests. */
final class SendingFixtures {

    static final JsonMapper JSON = JsonMapper.shared();
    static final String WA_ID = "16505551234";
    static final String BSUID = "US.13491208655302741918";
    static final String REQUEST_ID = "7f3c9e2a-0b6d-4c51-9a8e-2d4f6b1c8e90";

    static final OutboundChannels.Channel META = new OutboundChannels.Channel(OutboundChannels.Provider.META,
            new OutboundChannels.Meta(List.of("100200300400500"), "demo-access-token", "v23.0"), null, null, 80, "250");
    static final OutboundChannels.Channel TWILIO = new OutboundChannels.Channel(OutboundChannels.Provider.TWILIO, null,
            new OutboundChannels.Twilio("AC00000000000000000000000000000000", "demo-twilio-auth-token",
                    List.of("whatsapp:+15550002222")), null, 80, "250");
    /** Two numbers: a request may name either. */
    static final OutboundChannels.Channel META_TWO_NUMBERS = new OutboundChannels.Channel(OutboundChannels.Provider.META,
            new OutboundChannels.Meta(List.of("100200300400500", "100200300400600"), "demo-access-token", "v23.0"), null,
            null, 80, "250");
    /** 360dialog, at the service's base URL. */
    static final OutboundChannels.Channel DIALOG360 = new OutboundChannels.Channel(OutboundChannels.Provider.DIALOG360,
            null, null, new OutboundChannels.Dialog360("demo-d360-key", List.of("100200300400700"), null), 80, "250");

    private SendingFixtures() {
    }

    /** A fixture file's text, byte for byte (UTF-8). */
    static String text(String path) {
        try (InputStream in = SendingFixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Meta fixture as a tree, with {@code {{Recipient-Phone-Number}}} replaced by {@link #WA_ID}. */
    static ObjectNode meta(String name) {
        return (ObjectNode) JSON.readTree(text("meta/" + name).replace("{{Recipient-Phone-Number}}", WA_ID));
    }

    /** A request to {@link #WA_ID} of the given type, without content. */
    static OutboundRequest.Builder request(OutboundType type) {
        return OutboundRequest.newBuilder()
                .setRequestId(REQUEST_ID)
                .setKind(OutboundKind.AGENT_REPLY)
                .setChannelId("demo")
                .setRecipient(Customer.newBuilder().setWaId(WA_ID).build())
                .setRequestedAt(Instant.parse("2026-11-21T10:00:00Z"))
                .setType(type);
    }
}
