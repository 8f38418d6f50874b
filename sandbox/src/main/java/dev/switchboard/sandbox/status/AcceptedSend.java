package dev.switchboard.sandbox.status;

import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.record.RecordedMessage;

/**
 * A send the sandbox accepted, whose statuses are to follow.
 *
 * @param channel        the channel it was sent on
 * @param record         its entry in the message log (the statuses are added to it)
 * @param messageId      the wamid or SID given
 * @param recipient      wa_id digits (or a BSUID)
 * @param sender         Meta: the phone_number_id it was sent from; Twilio: the {@code whatsapp:+…} sender
 * @param template       a template (allowed outside the window)
 * @param category       Meta: what it is priced as ({@code service}, {@code utility}, {@code marketing},
 *                       {@code authentication}); Twilio: null (its callbacks carry no pricing)
 * @param callbackData   Meta's {@code biz_opaque_callback_data}, echoed in every status; null if none
 * @param statusCallback Twilio: where its statuses go (the StatusCallback given, else the channel's public URL +
 *                       /status)
 * @param failure        null: sent, delivered, read; else one failed status
 */
public record AcceptedSend(Channel channel, RecordedMessage record, String messageId, String recipient, String sender,
                           boolean template, String category, String callbackData, String statusCallback,
                           SendFailure failure) {
}
