/**
 * One send through one provider: the bodies, the HTTP, the answers and what they mean.
 *
 * <ul>
 * <li>{@link dev.switchboard.outbound.sending.ProviderClient}s: {@link dev.switchboard.outbound.sending.GraphClient}
 * (Meta) and {@link dev.switchboard.outbound.sending.TwilioClient}, made beans by
 * {@code clients.SendingConfiguration} sharing one {@code java.net.http.HttpClient} ({@code clients.SendingSettings}:
 * 10 s per answer, 5 s to connect, HTTP/1.1). Plain Java: the Spring wiring is in {@code clients}.</li>
 * <li>{@link dev.switchboard.outbound.sending.GraphMessageBodies} and
 * {@link dev.switchboard.outbound.sending.TwilioMessageForms} turn an {@code OutboundRequest} into what the provider
 * takes; tests compare them with Meta's OpenAPI examples and Twilio's parameter names.</li>
 * <li>{@link dev.switchboard.outbound.sending.GraphMediaUploads} uploads a file to {@code /{phone-number-id}/media}
 * ({@code multipart/form-data}, streamed: {@code MultipartForm}); its {@link dev.switchboard.outbound.sending.MediaUpload}
 * is the media id, or a failure judged like a send's. {@code ErrorClassifier.mediaIdRefused} tells when Meta no longer
 * knows an id.</li>
 * <li>Every attempt ends in one {@link dev.switchboard.outbound.sending.SendOutcome}: Accepted, Rejected (the
 * provider's error, or {@code httpStatus} 0 when refused here without sending) or Unreachable;
 * {@link dev.switchboard.outbound.sending.ErrorClassifier} turns it into a verdict (retry the channel, the recipient,
 * later; the channel is unhealthy; fail).</li>
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li><b>Customers known only by a BSUID</b> (no wa_id): the Cloud API body carries {@code "recipient": <user id>}
 * instead of {@code "to"} (the parent BSUID when that is all there is). Meta's business-scoped user id guide
 * (developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids/, "subject to change")
 * adds this field; the rules used here (use {@code to} for a phone number, {@code recipient} for a BSUID, {@code to}
 * wins when both are sent, error 131062 when a message type can't go to a BSUID) are as BSP summaries of that guide
 * state them (dualhook.com "BSUID API and Sending Changes", docs.kapso.ai): not read from Meta's page itself.
 * Twilio: no documented way to address a BSUID, so such a request is refused on Twilio channels.</li>
 * <li><b>{@code biz_opaque_callback_data}</b> = the request id (≤ 512 characters, else left out): Meta echoes it in
 * every status webhook of the message, so a message sent by an attempt whose answer was lost can still be tied to
 * its request.</li>
 * <li><b>What Twilio's Messages API can't carry</b> (reactions, Cloud API interactive objects, contact cards, media by
 * Meta id, templates without Content SID, BSUID-only customers) is refused before sending:
 * {@code Rejected(0, code 0, "not supported by the Twilio channel" …)}, classified PERMANENT; nothing is sent.
 * Locations go as {@code Body} + {@code PersistentAction=geo:lat,long|address} (Twilio's WhatsApp location guide).
 * A quote ({@code replyToMessageId}) and the link-preview flag have no Twilio parameter and are dropped.</li>
 * <li><b>Mark-as-read on Twilio</b>: the Messages API has no read receipt; the request is
 * {@code Accepted(null, "unsupported")} without a call. Twilio's Public Beta typing indicator
 * ({@code POST https://messaging.twilio.com/v2/Indicators/Typing.json}, {@code messageId=SM…&channel=whatsapp})
 * marks the message read as a side effect, but it is on another host than the configured Twilio base URL.</li>
 * <li><b>HTTP/1.1</b> by default: the JDK client fails requests beyond a server's HTTP/2
 * SETTINGS_MAX_CONCURRENT_STREAMS (JDK-8225647) instead of queuing them.</li>
 * </ul>
 */
package dev.switchboard.outbound.sending;
