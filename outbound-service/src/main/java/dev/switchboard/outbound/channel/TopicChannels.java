package dev.switchboard.outbound.channel;

import java.util.List;

import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.Dialog360Channel;
import dev.switchboard.events.MetaChannel;
import dev.switchboard.events.SealedSecret;
import dev.switchboard.events.TwilioChannel;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.outbound.channel.OutboundChannels.Channel;
import dev.switchboard.outbound.channel.OutboundChannels.Provider;
import dev.switchboard.outbound.pacing.ChannelPacing;

/**
 * A channel of the channels topic as this service sends with it: its secrets opened with the operator's keys, its
 * numbers in the record's order, its pacing by {@link ChannelPacing}: each number at the admin's override, else at
 * what Meta reports for that number (so a THROUGHPUT_UPGRADE of one number raises only its pace), else 80/s; the tier
 * (one per channel) the override, else what Meta reports for the first number, else 250. A Meta channel that names no
 * Graph API version uses the service's ({@code switchboard.graph.version}).
 */
final class TopicChannels {

    private TopicChannels() {
    }

    /** The record's state; never throws (a record that cannot send is {@link ChannelState.Unavailable}). */
    static ChannelState of(ChannelConfig config, ChannelKeys keys) {
        if (!config.getEnabled()) {
            return new ChannelState.Held();
        }
        String id = config.getChannelId();
        try {
            List<String> numbers = config.getNumbers().stream().map(BusinessNumber::getId).toList();
            BusinessNumber first = config.getNumbers().isEmpty() ? null : config.getNumbers().get(0);
            ChannelPacing.Settings pacing = pacing(config, first);
            Channel channel = switch (config.getProvider()) {
                case META -> {
                    MetaChannel meta = config.getMeta();
                    yield new Channel(Provider.META, new OutboundChannels.Meta(numbers,
                            open(keys, id, meta == null ? null : meta.getAccessToken(), "meta.accessToken"),
                            meta == null ? null : meta.getGraphApiVersion()),
                            null, null, pacing.throughput(), pacing.tier());
                }
                case TWILIO -> {
                    TwilioChannel twilio = config.getTwilio();
                    yield new Channel(Provider.TWILIO, null, new OutboundChannels.Twilio(
                            twilio == null ? null : twilio.getAccountSid(),
                            open(keys, id, twilio == null ? null : twilio.getAuthToken(), "twilio.authToken"), numbers),
                            null, pacing.throughput(), pacing.tier());
                }
                case DIALOG360 -> {
                    Dialog360Channel dialog360 = config.getDialog360();
                    yield new Channel(Provider.DIALOG360, null, null, new OutboundChannels.Dialog360(
                            open(keys, id, dialog360 == null ? null : dialog360.getApiKey(), "dialog360.apiKey"),
                            numbers, dialog360 == null ? null : dialog360.getBaseUrl()),
                            pacing.throughput(), pacing.tier());
                }
                default -> throw new ChannelKeys.SecretUnavailableException("channel " + id + ": provider "
                        + config.getProvider() + " is not one this service sends with");
            };
            List<String> problems = channel.problems("channel " + id + " (channels topic, revision "
                    + config.getRevision() + ")");
            return problems.isEmpty() ? new ChannelState.Sending(channel, numberThroughputs(config))
                    : new ChannelState.Unavailable(String.join("; ", problems));
        } catch (ChannelKeys.SecretUnavailableException e) {
            return new ChannelState.Unavailable(e.getMessage());
        }
    }

    /** The pacing of the channel: the admin's override, else what the provider reports for its first number. */
    static ChannelPacing.Settings pacing(ChannelConfig config, BusinessNumber first) {
        return ChannelPacing.decide(config.getThroughput(), config.getTier(),
                first == null ? null : first.getThroughput(), first == null ? null : first.getMessagingLimit());
    }

    /** Each number's messages per second: the admin's override, else what the provider reports for it, else 80. */
    static java.util.Map<String, Integer> numberThroughputs(ChannelConfig config) {
        java.util.Map<String, Integer> throughputs = new java.util.LinkedHashMap<>();
        for (BusinessNumber number : config.getNumbers()) {
            throughputs.put(number.getId(), pacing(config, number).throughput());
        }
        return throughputs;
    }

    /** A sealed secret in clear; null when the record has none (the channel's problems then name it). */
    private static String open(ChannelKeys keys, String channelId, SealedSecret sealed, String field) {
        if (sealed == null) {
            return null;
        }
        try {
            return keys.open(channelId, sealed);
        } catch (ChannelKeys.SecretUnavailableException e) {
            throw new ChannelKeys.SecretUnavailableException(e.getMessage() + " (its " + field + ")");
        }
    }
}
