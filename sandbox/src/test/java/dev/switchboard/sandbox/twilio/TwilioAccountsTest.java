package dev.switchboard.sandbox.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/** Twilio's account and Senders API over HTTP, as an onboarding with an account SID and auth token calls them. */
class TwilioAccountsTest extends SandboxTestBase {

    private static final String AUTH = basic(ACCOUNT, "demo-twilio-auth-token");

    private static void assertUnauthenticated(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.json().get("code").asInt()).isEqualTo(20003);
        assertThat(answer.json().get("more_info").asString()).isEqualTo("https://www.twilio.com/docs/errors/20003");
        assertThat(answer.header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void theAccountIsAnsweredWithItsCredentials() throws Exception {
        Answer answer = get("/2010-04-01/Accounts/" + ACCOUNT + ".json", AUTH);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode account = answer.json();
        assertThat(account.get("sid").asString()).isEqualTo(ACCOUNT);
        assertThat(account.get("status").asString()).isEqualTo("active");
        assertThat(account.get("type").asString()).isEqualTo("Full");
        assertThat(account.get("friendly_name").asString()).isNotBlank();
        assertThat(account.get("owner_account_sid").asString()).isEqualTo(ACCOUNT);
        assertThat(account.get("date_created").asString()).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} .*");
        assertThat(account.get("uri").asString()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + ".json");
        assertThat(account.at("/subresource_uris/messages").asString())
                .isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json");
    }

    @Test
    void wrongCredentialsAreRefusedWith20003() throws Exception {
        assertUnauthenticated(get("/2010-04-01/Accounts/" + ACCOUNT + ".json", null));
        assertUnauthenticated(get("/2010-04-01/Accounts/" + ACCOUNT + ".json", basic(ACCOUNT, "wrong")));
        String other = "AC11111111111111111111111111111111";
        assertUnauthenticated(get("/2010-04-01/Accounts/" + other + ".json", basic(other, "demo-twilio-auth-token")));
        assertUnauthenticated(get("/2010-04-01/Accounts/" + other + ".json", AUTH));
    }

    @Test
    void theAccountsWhatsAppSendersAreListed() throws Exception {
        Answer answer = get("/v2/Channels/Senders?Channel=whatsapp", AUTH);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode senders = answer.json().get("senders");
        assertThat(senders.size()).isEqualTo(1);
        JsonNode sender = senders.get(0);
        assertThat(sender.get("sid").asString()).matches("XE[0-9a-f]{32}");
        assertThat(sender.get("sender_id").asString()).isEqualTo(TWILIO_SENDER);
        assertThat(sender.get("status").asString()).isEqualTo("ONLINE");
        assertThat(sender.at("/webhook/callback_url").asString()).endsWith(TWILIO_WEBHOOKS);
        assertThat(sender.at("/webhook/status_callback_url").asString()).endsWith(TWILIO_STATUS);
        assertThat(sender.at("/properties/quality_rating").asString()).isEqualTo("HIGH");
        assertThat(sender.get("url").asString()).isEqualTo("http://localhost:" + port + "/v2/Channels/Senders/"
                + sender.get("sid").asString());
        assertThat(answer.json().at("/meta/key").asString()).isEqualTo("senders");
        assertThat(answer.json().at("/meta/next_page_url").isNull()).isTrue();
        assertThat(get("/v2/Channels/Senders?Channel=whatsapp", AUTH).json().at("/senders/0/sid").asString())
                .isEqualTo(sender.get("sid").asString());

        assertThat(get("/v2/Channels/Senders?Channel=rcs", AUTH).json().get("senders").isEmpty()).isTrue();
        assertUnauthenticated(get("/v2/Channels/Senders?Channel=whatsapp", basic(ACCOUNT, "wrong")));
        assertUnauthenticated(get("/v2/Channels/Senders?Channel=whatsapp", null));
    }
}
