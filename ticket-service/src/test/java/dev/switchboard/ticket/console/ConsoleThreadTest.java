package dev.switchboard.ticket.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.switchboard.events.ContactName;
import dev.switchboard.events.ContactPhone;
import dev.switchboard.events.Customer;
import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Location;
import dev.switchboard.events.Media;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.MessageContext;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.ProviderError;
import dev.switchboard.events.SharedContact;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.ticket.flow.TicketTestKit;

/**
 * A thread with everything WhatsApp carries (reply context, a reaction, location, contacts, a file that could not be
 * fetched, a failed send with WhatsApp's reason, an internal note), and the queue around it: what the console draws,
 * and the screenshots of docs/evidence/issue-17.
 */
class ConsoleThreadTest extends ConsoleTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aThreadShowsRepliesReactionsLocationContactsFilesFailuresAndNotes() {
        String alice = agentNamed("alice-" + UUID.randomUUID().toString().substring(0, 6), "Alice Moreau", "agent", "Boutique")
                .path("login").asString();
        String waId = TestEvents.newCustomer();
        Instant start = Instant.now().minus(Duration.ofMinutes(30));
        whatsApp.send(as("María García", WhatsAppSide.message("boutique", waId,
                "Hi! I ordered the blue jacket last week (order A-1042). Has it shipped?", start)).build());
        long ticketId = awaitTicket("boutique", waId);

        logIn(alice);
        browser.go("#/t/" + ticketId);
        browser.waitForBubble("inbound", "Has it shipped?");
        ConsoleBrowser.type(browser.find(test("composer-text")), "It left our warehouse this morning: DHL 00340434161094042557.");
        browser.find(test("composer-send")).click();
        long answer = articleId(browser.waitForBubble("outbound", "It left our warehouse"));
        String wamid = "wamid.OUT." + UUID.randomUUID();
        OutboundRequest request = whatsApp.awaitRequest(answer);
        whatsApp.accept(request, wamid);
        // The reaction and the reply below name the wamid: ticket-service must know it first.
        browser.waitFor("[data-article-id='" + answer + "'] " + test("ticks") + "[data-status='sent']");
        whatsApp.receipt("boutique", waId, wamid, DeliveryStatus.DELIVERED);
        whatsApp.receipt("boutique", waId, wamid, DeliveryStatus.READ);

        whatsApp.send(TicketTestKit.reaction("boutique", waId, "wamid.IN." + UUID.randomUUID(), wamid, "❤", Instant.now()));
        whatsApp.send(as("María García", WhatsAppSide.message("boutique", waId, "Great! Could it go to my office instead?", Instant.now())
                .setContext(MessageContext.newBuilder().setRepliedToMessageId(wamid).build())).build());
        whatsApp.send(as("María García", WhatsAppSide.message("boutique", waId, null, Instant.now()).setType(InboundMessageType.LOCATION)
                .setLocation(Location.newBuilder().setLatitude(41.403629).setLongitude(2.174356).setName("Office")
                        .setAddress("Carrer de Mallorca 401, Barcelona").build())).build());
        whatsApp.send(as("María García", WhatsAppSide.message("boutique", waId, null, Instant.now()).setType(InboundMessageType.CONTACTS)
                .setContacts(List.of(SharedContact.newBuilder()
                        .setName(ContactName.newBuilder().setFormattedName("Jordi Puig").build())
                        .setPhones(List.of(ContactPhone.newBuilder().setPhone("+34 600 123 456").setWaId("34600123456")
                                .setType("WORK").build()))
                        .build()))).build());
        InboundMessage photo = as("María García", WhatsAppSide.message("boutique", waId, null, Instant.now()).setType(InboundMessageType.IMAGE)
                .setMedia(Media.newBuilder().setId("1234567890").setMimeType("image/jpeg").setCaption("The label on my door").build()))
                .build();
        whatsApp.send(photo);
        whatsApp.mediaFailed(photo, MediaFailure.EXPIRED, "HTTP 404 from the media URL");

        browser.waitForBubble("inbound", "Could it go to my office instead?");
        browser.waitForText(test("quote") + ":not([hidden])", "It left our warehouse this morning");
        String ours = "[data-article-id='" + answer + "']";
        browser.waitFor(ours + " " + test("ticks") + "[data-status='read']");
        browser.waitForText(ours + " " + test("reactions"), "❤");
        WebElement location = browser.waitFor(test("location"));
        assertThat(location.getText()).contains("Office").contains("Carrer de Mallorca 401, Barcelona")
                .contains("41.403629, 2.174356");
        WebElement contact = browser.waitFor(test("contact"));
        assertThat(contact.getText()).contains("Jordi Puig").contains("+34 600 123 456");
        browser.waitFor(test("media") + "[data-status='failed']");
        assertThat(browser.find(test("media")).getText()).contains("image/jpeg").contains("expired")
                .contains("HTTP 404 from the media URL");
        assertThat(browser.find("[data-test='bubble'][data-type='image']").getText()).contains("The label on my door");

        // A send WhatsApp refuses shows its reason.
        ConsoleBrowser.type(browser.find(test("composer-text")), "Sure, I changed the address.");
        browser.find(test("composer-send")).click();
        long refusedId = articleId(browser.waitForBubble("outbound", "Sure, I changed the address."));
        String refusedWamid = "wamid.OUT." + UUID.randomUUID();
        whatsApp.accept(whatsApp.awaitRequest(refusedId), refusedWamid);
        whatsApp.receipt("boutique", waId, refusedWamid, DeliveryStatus.FAILED, ProviderError.newBuilder().setCode(131026)
                .setTitle("Message undeliverable").setMessage("The recipient's phone number is not a WhatsApp number").build());
        String failure = "[data-article-id='" + refusedId + "'] " + test("failure");
        browser.waitForText(failure, "131026");
        assertThat(browser.find(failure).getText()).contains("Message undeliverable").contains("not a WhatsApp number");
        assertThat(browser.find("[data-article-id='" + refusedId + "'] " + test("ticks")).getAttribute("data-status"))
                .isEqualTo("failed");

        // An internal note, styled apart, never sent.
        browser.find(test("tab-note")).click();
        ConsoleBrowser.type(browser.find(test("composer-text")), "Address change confirmed with DHL, ref 7781.");
        browser.find(test("composer-send")).click();
        WebElement note = browser.waitFor(test("note"));
        assertThat(note.getText()).contains("Address change confirmed with DHL").contains("Alice Moreau");
        assertThat(note.getAttribute("class")).contains("note");
        browser.find(test("tab-reply")).click();

        browser.screenshot("thread", 1300);
    }

    @Test
    void theQueueShowsUnreadWindowLastMessageAndAssignee() {
        String login = "lea-" + UUID.randomUUID().toString().substring(0, 6);
        long lea = agentNamed(login, "Léa Fontaine", "agent", "Boutique").path("id").asLong();
        String tom = TestEvents.newCustomer();
        String lena = TestEvents.newCustomer();
        String ravi = TestEvents.newCustomer();
        whatsApp.send(as("Lena Schmidt", WhatsAppSide.message("boutique", lena, "Do you ship to Austria?",
                Instant.now().minus(Duration.ofHours(26)))).build());
        whatsApp.send(as("Ravi Patel", WhatsAppSide.message("boutique", ravi, "I'd like to return my order.",
                Instant.now().minusSeconds(600))).build());
        whatsApp.send(as("Tom Becker", WhatsAppSide.message("boutique", tom, "Hello?", Instant.now().minusSeconds(120))).build());
        whatsApp.send(as("Tom Becker", WhatsAppSide.message("boutique", tom, "My voucher code does not work.",
                Instant.now().minusSeconds(60))).build());
        long lenaTicket = awaitTicket("boutique", lena);
        long raviTicket = awaitTicket("boutique", ravi);
        long tomTicket = awaitTicket("boutique", tom);
        call("POST", "/api/tickets/" + raviTicket + "/assign", "{\"agentId\":" + lea + "}", 200);

        logIn(login);
        String tomItem = "[data-ticket-id='" + tomTicket + "'] ";
        browser.waitForText(tomItem + test("last-message"), "My voucher code does not work.");
        assertThat(browser.find(tomItem + test("unread")).getText()).isEqualTo("2");
        assertThat(browser.find(tomItem + test("assignee")).getText()).isEqualTo("unassigned");
        assertThat(browser.find("[data-ticket-id='" + raviTicket + "'] " + test("assignee")).getText())
                .contains("Léa Fontaine");
        assertThat(browser.find("[data-ticket-id='" + lenaTicket + "'] " + test("window")).getAttribute("data-state"))
                .isEqualTo("closed");
        assertThat(browser.find("[data-ticket-id='" + raviTicket + "'] " + test("window")).getText())
                .matches("window open · 23:\\d\\d:\\d\\d left");

        // Mine: only the ticket assigned to Léa.
        new Select(browser.find(test("filter-assignee"))).selectByValue("me");
        browser.waitUntilGone("[data-test='queue-item'][data-ticket-id='" + tomTicket + "']");
        assertThat(browser.all("[data-test='queue-item'][data-ticket-id='" + raviTicket + "']")).hasSize(1);
        new Select(browser.find(test("filter-assignee"))).selectByValue("");
        browser.waitFor("[data-test='queue-item'][data-ticket-id='" + tomTicket + "']");

        // Lena wrote 26 hours ago: her thread offers templates only.
        browser.find("[data-ticket-id='" + lenaTicket + "'] a").click();
        browser.waitUntilGone("[data-ticket-id='" + lenaTicket + "'] " + test("unread"));
        browser.waitFor(test("composer-blocked"));
        new Select(browser.waitFor(test("template-select"))).selectByVisibleText("order_update (en_US) · UTILITY");
        ConsoleBrowser.type(browser.all(test("template-param")).get(0), "Lena");
        browser.screenshot("inbox", 900);
    }

    @Test
    void outsideTheWindowTheAgentPicksATemplateOfTheCatalogueAndFillsItsParameters() {
        String login = "noah-" + UUID.randomUUID().toString().substring(0, 6);
        agentNamed(login, "Noah Weber", "agent", "Boutique");
        String waId = TestEvents.newCustomer();
        whatsApp.send(as("Sofia Rossi", WhatsAppSide.message("boutique", waId, "Is the parcel on its way?",
                Instant.now().minus(Duration.ofHours(30)))).build());
        long ticketId = awaitTicket("boutique", waId);

        logIn(login);
        browser.go("#/t/" + ticketId);
        browser.waitFor(test("composer-blocked"));
        Select templates = new Select(browser.waitFor(test("template-select")));
        assertThat(templates.getOptions()).extracting(WebElement::getText)
                .contains("order_update (en_US) · UTILITY").noneMatch(o -> o.startsWith("spring_sale"));
        templates.selectByVisibleText("order_update (en_US) · UTILITY");
        List<WebElement> parameters = browser.all(test("template-param"));
        assertThat(parameters).hasSize(2);
        ConsoleBrowser.type(parameters.get(0), "Sofia");
        ConsoleBrowser.type(parameters.get(1), "B-2208");
        assertThat(browser.find(test("template-preview")).getText())
                .isEqualTo("Hi Sofia, your order B-2208 is on its way.");
        browser.find(test("template-send")).click();

        long articleId = articleId(browser.waitFor("[data-test='bubble'][data-type='template']"));
        OutboundRequest request = whatsApp.awaitRequest(articleId);
        assertThat(request.getTemplate().getName()).isEqualTo("order_update");
        assertThat(request.getTemplate().getLanguage()).isEqualTo("en_US");
        assertThat(request.getBusinessInitiated()).isTrue();
        assertThat(request.getTemplate().getComponentsJson()).contains("Sofia").contains("B-2208");
        assertThat(browser.find("[data-article-id='" + articleId + "']").getText()).contains("Sofia").contains("B-2208");
    }

    @Test
    void anAgentStartsAConversationWithATemplate() {
        String login = "mia-" + UUID.randomUUID().toString().substring(0, 6);
        agentNamed(login, "Mia Keller", "agent", "Boutique");
        String waId = TestEvents.newCustomer();

        logIn(login);
        browser.find(test("nav-new")).click();
        WebElement channel = browser.waitFor(test("start-channel"));
        ConsoleBrowser.type(channel, "boutique");
        ConsoleBrowser.type(browser.find(test("start-waid")), "+" + waId);
        new Select(browser.waitFor(test("template-select"))).selectByVisibleText("order_update (en_US) · UTILITY");
        List<WebElement> parameters = browser.all(test("template-param"));
        ConsoleBrowser.type(parameters.get(0), "Jonas");
        ConsoleBrowser.type(parameters.get(1), "C-7");
        browser.find(test("start-send")).click();

        browser.waitFor(test("thread") + " [data-test='bubble'][data-type='template']");
        long ticketId = awaitTicket("boutique", waId);
        assertThat(browser.find(test("thread")).getAttribute("data-ticket-id")).isEqualTo(String.valueOf(ticketId));
        assertThat(browser.find(test("thread-window")).getText()).isEqualTo("Window closed");
        OutboundRequest request = whatsApp.awaitRequest(articleId(browser.find("[data-test='bubble'][data-type='template']")));
        assertThat(request.getRecipient().getWaId()).isEqualTo(waId);
        assertThat(request.getTemplate().getName()).isEqualTo("order_update");
    }

    /** The boutique channel's catalogue, as a sync from Meta would leave it: one approved template, one paused. */
    @BeforeEach
    void catalogue() {
        String sql = """
                insert into message_template (channel_id, template_id, source, name, language, category, status, reason,
                                              parameter_format, components, synced_at)
                values ('boutique', ?, 'meta', ?, 'en_US', ?, ?, ?, 'POSITIONAL', ?::jsonb, now())
                on conflict do nothing""";
        jdbc.update(sql, "1001", "order_update", "UTILITY", "APPROVED", null,
                "[{\"type\":\"BODY\",\"text\":\"Hi {{1}}, your order {{2}} is on its way.\"}]");
        jdbc.update(sql, "1002", "spring_sale", "MARKETING", "PAUSED", "LOW_QUALITY",
                "[{\"type\":\"BODY\",\"text\":\"Spring sale: 20% off until {{1}}.\"}]");
    }

    /** Logs the agent in (the password of every test agent). */
    void logIn(String login) {
        browser.logIn(login, PASSWORD);
    }

    private static InboundMessage.Builder as(String name, InboundMessage.Builder message) {
        return message.setCustomer(Customer.newBuilder(message.getCustomer()).setName(name).build());
    }

    private static long articleId(WebElement bubble) {
        return Long.parseLong(bubble.getAttribute("data-article-id"));
    }
}
