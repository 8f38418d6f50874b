package dev.switchboard.sandbox.customer;

/**
 * What a simulated customer sends, as posted to {@code POST /sandbox/customers/messages}. Only the fields of its
 * type are read.
 *
 * @param channelId    the channel written to (required)
 * @param from         the customer's number: wa_id digits, {@code +} and {@code whatsapp:} allowed (required)
 * @param name         the customer's profile name (default "Sandbox Customer")
 * @param type         text, image, video, audio, document, sticker, location, contacts, button, interactive_reply,
 *                     list_reply, reaction
 * @param text         text: the body; button, interactive_reply, list_reply: the title tapped
 * @param caption      image, video, document: the caption
 * @param mimeType     media: the content type (a default per type)
 * @param filename     document: the file name
 * @param latitude     location
 * @param longitude    location
 * @param locationName location: the place's name
 * @param address      location: its address
 * @param payload      button: the button's payload (default: its text)
 * @param replyId      interactive_reply, list_reply: the id of the button or row (default: its title)
 * @param description  list_reply: the row's description
 * @param emoji        reaction: the emoji ("" removes the reaction)
 * @param messageId    reaction: the message reacted to (default: the newest message sent to the customer)
 * @param replyTo      any type: the message quoted (buttons default to the newest message sent to the customer)
 * @param contactName  contacts: the shared contact's name
 * @param contactPhone contacts: the shared contact's phone number
 */
public record CustomerMessage(String channelId, String from, String name, String type, String text, String caption,
                              String mimeType, String filename, Double latitude, Double longitude, String locationName,
                              String address, String payload, String replyId, String description, String emoji,
                              String messageId, String replyTo, String contactName, String contactPhone) {
}
