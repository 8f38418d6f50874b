package dev.switchboard.ticket.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.schemas.testing.TestEvents;

/** Before a reply of several files is sent, the composer says how many billable messages it makes. */
class BillingConsoleTest extends ConsoleTestSupport {

    @TempDir
    Path files;

    @Test
    void choosingThreeFilesSaysTheReplySendsThreeBillableMessages() throws IOException {
        String login = agent("mila", "agent", "club");
        String waId = TestEvents.newCustomer();
        whatsApp.send(WhatsAppSide.message("club", waId, "Can you send the invoices?",
                Instant.now().minus(Duration.ofMinutes(5))).build());
        long ticketId = awaitTicket("club", waId);

        browser.logIn(login, PASSWORD);
        browser.go("#/t/" + ticketId);
        browser.waitForBubble("inbound", "invoices");
        List<String> paths = new ArrayList<>();
        for (String name : List.of("march.pdf", "april.pdf", "may.pdf")) {
            paths.add(Files.write(files.resolve(name), "%PDF-1.4 invoice".getBytes()).toString());
        }
        browser.find(test("composer-files")).sendKeys(String.join("\n", paths));

        assertThat(browser.waitFor(test("composer-billing")).getText())
                .startsWith("This sends 3 billable messages").contains("one per file");
    }
}
