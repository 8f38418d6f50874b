package dev.switchboard.ingress.endpoints;

import java.util.function.Function;

import org.springframework.web.reactive.function.server.ServerResponse;

import dev.switchboard.ingress.channel.ChannelSettings.Channel;
import dev.switchboard.ingress.channel.ChannelSettings.ProviderKind;
import dev.switchboard.ingress.channel.LiveChannels;
import dev.switchboard.ingress.channel.LiveChannels.Lookup;
import dev.switchboard.ingress.webhook.WebhookIntake;
import reactor.core.publisher.Mono;

/**
 * Lets a request through to its handler only for a channel in effect: an unknown or disabled channel is answered 404,
 * one whose secrets cannot be opened 503 (the sender retries).
 */
final class ChannelGate {

    private ChannelGate() {
    }

    static Mono<ServerResponse> inEffect(LiveChannels channels, WebhookIntake intake, ProviderKind kind, String provider,
                                         String channelId, Function<Channel, Mono<ServerResponse>> handler) {
        Lookup lookup = channels.find(channelId, kind);
        if (lookup instanceof Lookup.Found found) {
            return handler.apply(found.channel());
        }
        if (lookup instanceof Lookup.Disabled) {
            return intake.channelDisabled(provider, channelId);
        }
        if (lookup instanceof Lookup.SecretUnavailable unavailable) {
            return intake.secretUnavailable(provider, channelId, unavailable.reason());
        }
        return intake.unknownChannel(provider, channelId);
    }
}
