package dev.switchboard.ticket.bench;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.ticket.inbound.plan.InboundContent;

import tools.jackson.databind.json.JsonMapper;

/**
 * An inbound message's article columns (type, text, content JSON) as the service writes them: production's
 * {@link InboundContent}, its content serialised as the repositories do. For the JDBC baselines: the same rows, the
 * same sizes.
 */
record ArticleContent(String type, String text, String json) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ArticleContent of(InboundMessage message) {
        InboundContent content = InboundContent.of(message);
        return new ArticleContent(content.type(), content.text(), JSON.writeValueAsString(content.content()));
    }
}
