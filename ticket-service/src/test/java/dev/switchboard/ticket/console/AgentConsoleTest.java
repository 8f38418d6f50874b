package dev.switchboard.ticket.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.schemas.testing.TestEvents;

/** The "Must show" for the console, in a real headless Chromium. */
class AgentConsoleTest extends ConsoleTestSupport {

    @Test
    void anAgentSeesANewMessageLiveAnswersAndSeesTheTicksMoveToRead() {
        String alice = agent("alice", "agent", "Sales");
        browser.logIn(alice, PASSWORD);
        assertThat(browser.find(test("me")).getText()).startsWith("Alice");
        browser.waitFor(test("live") + "[data-state='connected']");
        // Whatever happens next must happen without a reload: this mark would be gone.
        browser.script("window.stillTheSamePage = true");

        String waId = TestEvents.newCustomer();
        whatsApp.send(WhatsAppSide.message("shop", waId, "Where is my parcel?", Instant.now().minusSeconds(5)).build());

        long ticketId = awaitTicket("shop", waId);
        String item = "[data-test='queue-item'][data-ticket-id='" + ticketId + "']";
        // The channel welcomes the customer: its welcome message is the last one, and theirs is unread.
        browser.waitForText(item + " " + test("last-message"), "Hi! An agent will be with you shortly.");
        assertThat(browser.find(item + " " + test("customer")).getText()).isEqualTo("Ana " + waId);
        assertThat(browser.find(item + " " + test("unread")).getText()).isEqualTo("1");
        assertThat(browser.find(item + " " + test("window")).getAttribute("data-state")).isEqualTo("open");
        assertThat(browser.find(item + " " + test("window")).getText()).matches("window open · 2[34]:\\d\\d:\\d\\d left");
        assertThat(browser.script("return window.stillTheSamePage")).isEqualTo(true);

        browser.find(item + " a").click();
        browser.waitForText(test("messages"), "Where is my parcel?");
        browser.waitUntilGone(item + " " + test("unread"));
        WebElement text = browser.find(test("composer-text"));
        assertThat(text.isEnabled()).isTrue();
        ConsoleBrowser.type(text, "It left our warehouse this morning.");
        browser.find(test("composer-send")).click();

        WebElement reply = browser.waitForBubble("outbound", "It left our warehouse this morning.");
        assertThat(reply.getText()).contains("Alice");
        long articleId = Long.parseLong(reply.getAttribute("data-article-id"));
        OutboundRequest request = whatsApp.awaitRequest(articleId);
        assertThat(request.getType()).isEqualTo(OutboundType.TEXT);
        assertThat(request.getText().getBody()).isEqualTo("It left our warehouse this morning.");

        String ticks = "[data-article-id='" + articleId + "'] " + test("ticks");
        String wamid = "wamid.OUT." + waId;
        whatsApp.accept(request, wamid);
        browser.waitFor(ticks + "[data-status='sent']");
        assertThat(browser.find(ticks).getText()).isEqualTo("✓");
        whatsApp.receipt("shop", waId, wamid, DeliveryStatus.DELIVERED);
        browser.waitFor(ticks + "[data-status='delivered']");
        assertThat(browser.find(ticks).getText()).isEqualTo("✓✓");
        whatsApp.receipt("shop", waId, wamid, DeliveryStatus.READ);
        browser.waitFor(ticks + "[data-status='read']");
        assertThat(browser.find(ticks).getText()).isEqualTo("✓✓");
        assertThat(browser.find(ticks).getCssValue("color")).isEqualTo("rgba(14, 165, 233, 1)");

        // The customer writes again: the bubble appears in the open thread.
        whatsApp.send(WhatsAppSide.message("shop", waId, "Thanks, that was quick!", Instant.now()).build());
        browser.waitForBubble("inbound", "Thanks, that was quick!");
        assertThat(browser.script("return window.stillTheSamePage")).isEqualTo(true);
    }

    @Test
    void outsideTheWindowFreeTextIsBlockedAndTheAgentSendsATemplate() {
        String alice = agent("alice", "agent", "Sales");
        String waId = TestEvents.newCustomer();
        Instant dayAndAHourAgo = Instant.now().minus(Duration.ofHours(25)).truncatedTo(ChronoUnit.SECONDS);
        whatsApp.send(WhatsAppSide.message("shop", waId, "Is it in stock?", dayAndAHourAgo).build());
        long ticketId = awaitTicket("shop", waId);

        browser.logIn(alice, PASSWORD);
        browser.go("#/t/" + ticketId);
        browser.waitForText(test("messages"), "Is it in stock?");
        assertThat(browser.find(test("thread-window")).getText()).isEqualTo("Window closed");
        WebElement blocked = browser.waitFor(test("composer-blocked"));
        assertThat(blocked.getText()).contains("window closed").contains("only templates");
        assertThat(browser.find(test("composer-text")).isEnabled()).isFalse();
        assertThat(browser.find(test("composer-send")).isEnabled()).isFalse();

        // The channel has no template catalogue: the template form names one and gives its body parameters.
        ConsoleBrowser.type(browser.waitFor(test("template-name")), "order_update");
        ConsoleBrowser.type(browser.find(test("template-language")), "en_US");
        browser.find(test("template-add-param")).click();
        ConsoleBrowser.type(browser.waitFor(test("template-param")), "A-1042");
        browser.find(test("template-send")).click();

        WebElement sent = browser.waitFor("[data-test='bubble'][data-direction='outbound'][data-type='template']");
        assertThat(sent.getText()).contains("order_update").contains("A-1042");
        OutboundRequest request = whatsApp.awaitRequest(Long.parseLong(sent.getAttribute("data-article-id")));
        assertThat(request.getType()).isEqualTo(OutboundType.TEMPLATE);
        assertThat(request.getBusinessInitiated()).isTrue();
        assertThat(request.getTemplate().getName()).isEqualTo("order_update");

        // Free text stays blocked, in the console and in the API it uses.
        assertThat(browser.find(test("composer-text")).isEnabled()).isFalse();
        Map<String, Object> refused = browser.fetch("POST", "/api/tickets/" + ticketId + "/articles",
                "{\"type\":\"text\",\"text\":\"hello?\"}");
        assertThat(refused.get("status")).isEqualTo(409L);
        assertThat((String) refused.get("body")).contains("service_window_closed");
    }

    @Test
    void anAgentOfAnotherGroupCannotSeeTheTicketInTheConsoleNorInTheApi() {
        String waId = TestEvents.newCustomer();
        whatsApp.send(WhatsAppSide.message("shop", waId, "A question for Sales", Instant.now().minusSeconds(5)).build());
        long ticketId = awaitTicket("shop", waId);
        String bob = agent("bob", "agent", "club");

        browser.logIn(bob, PASSWORD);
        browser.waitFor(test("live") + "[data-state='connected']");
        assertThat(browser.all("[data-test='queue-item'][data-ticket-id='" + ticketId + "']")).isEmpty();
        browser.go("#/t/" + ticketId);
        assertThat(browser.waitFor(test("thread-missing")).getText()).contains("no conversation " + ticketId);
        assertThat(browser.find(test("thread")).getText()).doesNotContain("A question for Sales");

        Map<String, Object> get = browser.fetch("GET", "/api/tickets/" + ticketId, null);
        assertThat(get.get("status")).isEqualTo(404L);
        assertThat((String) get.get("body")).contains("\"not_found\"").doesNotContain("A question for Sales");
        Map<String, Object> reply = browser.fetch("POST", "/api/tickets/" + ticketId + "/articles",
                "{\"type\":\"text\",\"text\":\"I should not be able to send this\"}");
        assertThat(reply.get("status")).isEqualTo(404L);
        Map<String, Object> list = browser.fetch("GET", "/api/tickets?state=all&customer=" + waId, null);
        assertThat(list.get("status")).isEqualTo(200L);
        assertThat((String) list.get("body")).doesNotContain(waId);

        // A new message on it comes live to Sales, never to bob's queue.
        whatsApp.send(WhatsAppSide.message("shop", waId, "Anyone there?", Instant.now()).build());
        String alice = agent("alice", "agent", "Sales");
        try (ConsoleBrowser sales = new ConsoleBrowser(port)) {
            sales.logIn(alice, PASSWORD);
            sales.waitForText("[data-ticket-id='" + ticketId + "'] " + test("last-message"), "Anyone there?");
        }
        assertThat(browser.all("[data-test='queue-item'][data-ticket-id='" + ticketId + "']")).isEmpty();
    }

    @Test
    void anAdminCreatesAnAgentWhoThenLogsIn() {
        String admin = agent("admin", "admin");
        browser.logIn(admin, PASSWORD);
        browser.find(test("nav-agents")).click();
        browser.waitFor(test("agent-form"));

        String carol = "carol-" + System.nanoTime();
        ConsoleBrowser.type(browser.find(test("agent-login")), carol);
        ConsoleBrowser.type(browser.find(test("agent-name")), "Carol Jones");
        ConsoleBrowser.type(browser.find(test("agent-email")), carol + "@example.com");
        ConsoleBrowser.type(browser.find(test("agent-password")), "short");
        ConsoleBrowser.type(browser.find(test("agent-groups")), "Sales");
        browser.find(test("agent-create")).click();
        // Too short for the password rules (12 characters at least): refused, with the field named.
        browser.waitForText(test("agent-errors"), "password");
        assertThat(browser.all("[data-test='agent-row'][data-login='" + carol + "']")).isEmpty();

        ConsoleBrowser.type(browser.find(test("agent-password")), "a long enough passphrase");
        browser.find(test("agent-create")).click();
        WebElement row = browser.waitFor("[data-test='agent-row'][data-login='" + carol + "']");
        assertThat(row.getText()).contains("Carol Jones").contains("agent").contains("Sales").contains("active");
        assertThat(browser.find(test("agents")).getText()).doesNotContainIgnoringCase("argon").doesNotContain("$2a$");
        browser.logOut();

        browser.logIn(carol, "a long enough passphrase");
        assertThat(browser.find(test("me")).getText()).isEqualTo("Carol Jones");
        assertThat(browser.find(test("nav-agents")).isDisplayed()).isFalse();
    }

    @Test
    void aWrongPasswordIsRefusedOnTheLoginPage() {
        String alice = agent("alice", "agent", "Sales");
        browser.submitLogin(alice, "not the password at all");
        assertThat(browser.waitFor(test("login-message")).getText()).isEqualTo("Wrong login or password.");
        assertThat(browser.url()).contains("/console/login");

        browser.open("/console/");
        assertThat(browser.url()).contains("/console/login");
    }
}
