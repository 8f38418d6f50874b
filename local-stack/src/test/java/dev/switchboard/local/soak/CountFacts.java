package dev.switchboard.local.soak;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the final state holds, read after the drain ({@link CountSources}) and compared with the {@link Journal} by
 * {@link CountRules}: plain data, so that the rules are tested with made-up facts.
 *
 * @param rawBodies        hex SHA-256 of every body on {@code whatsapp.webhooks.raw.v1}
 * @param inboundMessages  {@code channel|messageId} of every record on {@code whatsapp.inbound.messages.v1}
 * @param inbound          the ticket database's inbound articles, by article id (insertion order)
 * @param outbound         its outbound articles that carry a {@code reply:<n>} token
 * @param sends            the provider's sends per reference ({@code GET /sandbox/messages/by-reference})
 * @param deadLetters      records per dead-letter topic ({@code *.dlt}), topics with none left out
 */
public record CountFacts(Set<String> rawBodies, Set<String> inboundMessages, List<InboundArticle> inbound,
                         List<OutboundArticle> outbound, Map<String, Sends> sends, Map<String, Long> deadLetters) {

    private static final Pattern SOAK_TOKEN = Pattern.compile("soak:([^:\\s]+):([0-9]+)");
    private static final Pattern REPLY_TOKEN = Pattern.compile("reply:[0-9]+");

    /**
     * @param customer  from the text's {@code soak:<customer>:<n>}, null when it has none
     * @param n         the message's number in its customer's conversation, 0 when none
     * @param createdAt when ticket-service stored it, epoch ms
     */
    public record InboundArticle(long id, String channelId, String messageId, String customer, long n, long createdAt) {
    }

    /**
     * @param token the {@code reply:<n>} of its text
     * @param error why it failed (error title or code), null when it did not
     */
    public record OutboundArticle(long id, String channelId, String requestId, String token, String status,
                                  String error) {
    }

    /** One reference at the provider: accepted (200/201 with an id) and refused calls, when each acceptance came. */
    public record Sends(long accepted, long refused, List<Long> acceptedAt) {
        public static final Sends NONE = new Sends(0, 0, List.of());
    }

    /** An inbound article from its row: the customer and number are read from the text's {@code soak:} token. */
    public static InboundArticle inbound(long id, String channelId, String messageId, String text, long createdAt) {
        Matcher token = text == null ? null : SOAK_TOKEN.matcher(text);
        if (token == null || !token.find()) {
            return new InboundArticle(id, channelId, messageId, null, 0, createdAt);
        }
        return new InboundArticle(id, channelId, messageId, token.group(1), Long.parseLong(token.group(2)), createdAt);
    }

    /** The {@code reply:<n>} token of an agent reply's text, or null. */
    public static String replyToken(String text) {
        Matcher token = text == null ? null : REPLY_TOKEN.matcher(text);
        return token != null && token.find() ? token.group() : null;
    }

    static String key(String channelId, String messageId) {
        return channelId + "|" + messageId;
    }
}
