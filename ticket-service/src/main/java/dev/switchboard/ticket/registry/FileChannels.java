package dev.switchboard.ticket.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.switchboard.ticket.channel.ChannelFile;
import dev.switchboard.ticket.channel.TicketChannels.Channel;

/**
 * The channels of the static file, read-only for the registry: their ids and numbers are taken (409), and the admin
 * API lists them ({@code source: "file"}). The numbers are the keys ingress and outbound bind
 * ({@code meta.phone-number-ids}, {@code twilio.senders}, {@code dialog360.phone-number-id}).
 */
@Component
class FileChannels {

    record Numbers(Meta meta, Twilio twilio, Dialog360 dialog360) {

        List<String> all() {
            List<String> all = new java.util.ArrayList<>();
            if (meta != null && meta.phoneNumberIds() != null) {
                all.addAll(meta.phoneNumberIds());
            }
            if (twilio != null && twilio.senders() != null) {
                all.addAll(twilio.senders());
            }
            if (dialog360 != null && dialog360.phoneNumberId() != null) {
                all.add(dialog360.phoneNumberId());
            }
            return all;
        }
    }

    record Meta(List<String> phoneNumberIds) {
    }

    record Twilio(List<String> senders) {
    }

    record Dialog360(String phoneNumberId) {
    }

    private final ChannelFile file;
    private final Map<String, String> numberOwners = new HashMap<>();

    FileChannels(ChannelFile file, Environment environment) {
        this.file = file;
        Map<String, Numbers> numbers = Binder.get(environment)
                .bind("switchboard.channels", Bindable.mapOf(String.class, Numbers.class)).orElse(Map.of());
        numbers.forEach((id, n) -> n.all().forEach(number -> numberOwners.put(number, id)));
    }

    Map<String, Channel> channels() {
        return file.channels();
    }

    Optional<Channel> find(String channelId) {
        return Optional.ofNullable(file.channels().get(channelId));
    }

    /** The file channel that has this number (a phone_number_id or whatsapp:+… sender), if any. */
    Optional<String> ownerOf(String numberId) {
        return Optional.ofNullable(numberOwners.get(numberId));
    }
}
