package dev.switchboard.ticket.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.ArticleDirection;
import dev.switchboard.events.ArticleStatus;
import dev.switchboard.events.ArticleSummary;
import dev.switchboard.events.Customer;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.TicketState;
import dev.switchboard.events.WindowEvent;
import dev.switchboard.events.WindowEventType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The data lines the console parses: the agent API's spelling (numeric ids, lower-case states and statuses). */
class LiveMessagesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant AT = Instant.parse("2026-12-06T12:00:00.123Z");
    private static final Customer CUSTOMER = Customer.newBuilder().setWaId("4915112345678").build();

    @Test
    void aTicketEventCarriesTheTicketTheArticleAndWhoMayCare() {
        TicketEvent event = TicketEvent.newBuilder().setEventId("ev-1").setType(TicketEventType.ARTICLE_ADDED)
                .setTicketId("12").setChannelId("demo").setCustomer(CUSTOMER).setState(TicketState.OPEN)
                .setGroup("support").setOccurredAt(AT).setAssignee("alice")
                .setArticle(ArticleSummary.newBuilder().setArticleId("34").setDirection(ArticleDirection.INBOUND)
                        .setType("text").setStatus(ArticleStatus.RECEIVED).setText("secret words").build())
                .build();

        LiveMessage message = LiveMessages.ticket(event);

        assertThat(message.event()).isEqualTo("ticket");
        assertThat(message.id()).isEqualTo("ev-1");
        assertThat(message.group()).isEqualTo("support");
        assertThat(message.occurredAt()).isEqualTo(AT);
        assertThat(JSON.readTree(message.data())).isEqualTo(JSON.readTree("""
                {"type":"ARTICLE_ADDED","ticketId":12,"channelId":"demo","group":"support","state":"open",
                 "articleId":34,"direction":"inbound","status":"received","agent":null,"assignee":"alice",
                 "occurredAt":"2026-12-06T12:00:00.123Z"}"""));
    }

    @Test
    void aTicketEventWithoutArticleHasNullArticleFields() {
        TicketEvent event = TicketEvent.newBuilder().setEventId("ev-2").setType(TicketEventType.TICKET_CLOSED)
                .setTicketId("12").setChannelId("demo").setCustomer(CUSTOMER).setState(TicketState.CLOSED)
                .setOccurredAt(AT).setAgent("bob").build();

        JsonNode data = JSON.readTree(LiveMessages.ticket(event).data());

        assertThat(data.path("state").asString()).isEqualTo("closed");
        assertThat(data.path("agent").asString()).isEqualTo("bob");
        assertThat(data.path("articleId").isNull()).isTrue();
        assertThat(data.path("group").isNull()).isTrue();
    }

    @Test
    void aWindowEventNamesItsTicketAndIsShownByTheTicketsGroup() {
        WindowEvent event = WindowEvent.newBuilder().setEventId("w-1").setType(WindowEventType.WINDOW_CLOSED)
                .setChannelId("demo").setCustomer(CUSTOMER).setLastCustomerMessageId("wamid.1")
                .setLastCustomerMessageAt(AT.minusSeconds(86_400)).setDueAt(AT).setFiredAt(AT.plusMillis(5))
                .build();

        LiveMessage message = LiveMessages.window(event, 12, "sales");

        assertThat(message.event()).isEqualTo("window");
        assertThat(message.group()).isEqualTo("sales");
        assertThat(message.occurredAt()).isEqualTo(AT.plusMillis(5));
        assertThat(JSON.readTree(message.data())).isEqualTo(JSON.readTree("""
                {"type":"WINDOW_CLOSED","channelId":"demo","ticketId":12,"customer":"4915112345678",
                 "dueAt":"2026-12-06T12:00:00.123Z"}"""));
    }
}
