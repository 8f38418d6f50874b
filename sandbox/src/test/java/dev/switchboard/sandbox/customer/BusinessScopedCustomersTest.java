package dev.switchboard.sandbox.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.IngressStub;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/**
 * Meta's 2026 customers: known by phone number, business-scoped user id (BSUID) or both; their system messages
 * (number or BSUID changed) and group messages. The webhooks have the shape of the fixtures, and a customer known
 * by several ids is one customer for the window and the record.
 */
class BusinessScopedCustomersTest extends SandboxTestBase {

    private static final String VALUE = "entry[].changes[].value.";

    /** A BSUID no other test uses. */
    private static String newBsuid() {
        return "US." + (1_000_000_000L + ThreadLocalRandom.current().nextLong(8_999_999_999L));
    }

    /** The paths of a webhook's (or fixture's) contacts and messages, the part the peers' specs kept. */
    private static Set<String> contactsAndMessages(JsonNode webhook) {
        return Fixtures.shape(webhook).stream()
                .map(path -> path.startsWith("entry[].changes[].value.") ? path.substring(VALUE.length()) : path)
                .filter(path -> path.startsWith("contacts[]") || path.startsWith("messages[]"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The customer's message as ingress got it (statuses of earlier sends may arrive too). */
    private static JsonNode messageWebhook(String messageId) {
        IngressStub.Received received = INGRESS.received(META_WEBHOOKS).stream()
                .filter(r -> r.text().contains(messageId)).findFirst().orElseThrow();
        assertThat(received.signatureValid()).isTrue();
        return Fixtures.JSON.readTree(received.body());
    }

    private List<JsonNode> statusesOf(String wamid) {
        return INGRESS.received(META_WEBHOOKS).stream()
                .map(r -> Fixtures.JSON.readTree(r.body()))
                .filter(w -> w.at("/entry/0/changes/0/value/statuses/0/id").asString("").equals(wamid))
                .map(w -> w.at("/entry/0/changes/0/value/statuses/0"))
                .toList();
    }

    private static String textToBsuid(String bsuid, String text) {
        return "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"recipient\":\"" + bsuid
                + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}";
    }

    @Test
    void aBsuidOnlyCustomersMessageCarriesTheirBsuidUsernameAndParentButNoNumber() throws Exception {
        String bsuid = newBsuid();

        Answer answer = customerWrites("{\"channelId\":\"demo\",\"userId\":\"" + bsuid + "\",\"parentUserId\":"
                + "\"US.ENT.11815799212886844830\",\"username\":\"ana.lopez\",\"name\":\"Ana\",\"text\":\"Hi\"}");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode webhook = messageWebhook(answer.json().get("messageId").asString());
        JsonNode peer = Fixtures.json("peer/chatwoot_cloud_bsuid_only_text_with_username_and_parent.json");
        Set<String> expected = contactsAndMessages(peer);
        // The parent BSUID is in contacts only, as in Meta's phone-and-BSUID example (pywa's fixture).
        expected.remove("messages[].from_parent_user_id");
        assertThat(contactsAndMessages(webhook)).isEqualTo(expected);
        JsonNode value = webhook.at("/entry/0/changes/0/value");
        assertThat(value.at("/contacts/0/user_id").asString()).isEqualTo(bsuid);
        assertThat(value.at("/contacts/0/parent_user_id").asString()).isEqualTo("US.ENT.11815799212886844830");
        assertThat(value.at("/contacts/0/profile/username").asString()).isEqualTo("ana.lopez");
        assertThat(value.at("/messages/0/from_user_id").asString()).isEqualTo(bsuid);
        assertThat(value.at("/messages/0").has("from")).isFalse();
        assertThat(value.at("/contacts/0").has("wa_id")).isFalse();
    }

    @Test
    void aCustomerKnownByNumberAndBsuidSendsBoth() throws Exception {
        String customer = newCustomer();
        String bsuid = newBsuid();

        Answer answer = customerWrites("{\"channelId\":\"demo\",\"from\":\"" + customer + "\",\"userId\":\"" + bsuid
                + "\",\"parentUserId\":\"US.ENT.11815799212886844830\",\"type\":\"button\",\"text\":\"title\"}");

        JsonNode webhook = messageWebhook(answer.json().get("messageId").asString());
        assertThat(Fixtures.shape(webhook))
                .isEqualTo(Fixtures.shape(Fixtures.json("meta/inbound-button-quick-reply-no-context-bsuid.json")));
        JsonNode value = webhook.at("/entry/0/changes/0/value");
        assertThat(value.at("/messages/0/from").asString()).isEqualTo(customer);
        assertThat(value.at("/messages/0/from_user_id").asString()).isEqualTo(bsuid);
        assertThat(value.at("/contacts/0/wa_id").asString()).isEqualTo(customer);
        assertThat(value.at("/contacts/0/user_id").asString()).isEqualTo(bsuid);

        Answer text = customerWrites("{\"channelId\":\"demo\",\"from\":\"" + customer + "\",\"userId\":\"" + bsuid
                + "\",\"text\":\"phone and bsuid\"}");
        assertThat(contactsAndMessages(messageWebhook(text.json().get("messageId").asString())))
                .isEqualTo(contactsAndMessages(Fixtures.json("peer/chatwoot_cloud_phone_and_bsuid_text.json")));
    }

    @Test
    void aSendToTheBsuidOfACustomerSeenWithBothIdsIsInTheirWindowAndTheirRecord() throws Exception {
        String customer = newCustomer();
        String bsuid = newBsuid();
        customerWrites("{\"channelId\":\"demo\",\"from\":\"" + customer + "\",\"userId\":\"" + bsuid
                + "\",\"text\":\"Hi\"}");

        Answer answer = graphSend(textToBsuid(bsuid, "Hello"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/contacts/0/user_id").asString()).isEqualTo(bsuid);
        String wamid = answer.json().at("/messages/0/id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 3);
        List<JsonNode> statuses = statusesOf(wamid);
        assertThat(statuses).extracting(s -> s.get("status").asString()).containsExactly("sent", "delivered", "read");
        assertThat(statuses.get(0).get("recipient_user_id").asString()).isEqualTo(bsuid);
        assertThat(statuses.get(0).get("recipient_id").asString()).isEqualTo(customer);
        // The record of either id lists it.
        assertThat(recorded(customer)).extracting(m -> m.get("messageId").asString()).containsExactly(wamid);
        assertThat(recorded(bsuid)).extracting(m -> m.get("recipient").asString()).containsExactly(bsuid);
    }

    @Test
    void aSendToABsuidNeverSeenFailsWith131047NamingTheBsuidOnly() throws Exception {
        String bsuid = newBsuid();

        String wamid = graphSend(textToBsuid(bsuid, "Hello?")).json().at("/messages/0/id").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 1);
        JsonNode failed = statusesOf(wamid).get(0);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.at("/errors/0/code").asInt()).isEqualTo(131047);
        assertThat(failed.get("recipient_user_id").asString()).isEqualTo(bsuid);
        assertThat(failed.has("recipient_id")).isFalse();
    }

    @Test
    void aNumberChangeIsASystemMessageWithThePreviousBsuidAndTheNewNumberIsTheSameCustomer() throws Exception {
        String before = newCustomer();
        String after = newCustomer();
        String bsuid = newBsuid();
        String newBsuid = newBsuid();
        customerWrites("{\"channelId\":\"demo\",\"from\":\"" + before + "\",\"userId\":\"" + bsuid
                + "\",\"name\":\"Sheena Nelson\",\"text\":\"Hi\"}");
        INGRESS.clear();

        Answer answer = customerWrites("{\"channelId\":\"demo\",\"type\":\"system\",\"systemType\":"
                + "\"user_changed_number\",\"from\":\"" + before + "\",\"userId\":\"" + bsuid + "\",\"name\":"
                + "\"Sheena Nelson\",\"newWaId\":\"" + after + "\",\"newUserId\":\"" + newBsuid + "\"}");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode webhook = messageWebhook(answer.json().get("messageId").asString());
        Set<String> expected = new java.util.TreeSet<>(Fixtures.shape(
                Fixtures.json("meta/inbound-system-user-changed-number.json")));
        // Since August 2026 (Meta's changelog, Aug 11, 2026): the BSUID before and after the change.
        expected.add(VALUE + "messages[].system.user_id");
        expected.add(VALUE + "messages[].system.previous_user_id");
        assertThat(Fixtures.shape(webhook)).isEqualTo(expected);
        JsonNode message = webhook.at("/entry/0/changes/0/value/messages/0");
        assertThat(webhook.at("/entry/0/changes/0/value").has("contacts")).isFalse();
        assertThat(message.get("from").asString()).isEqualTo(before);
        assertThat(message.at("/system/wa_id").asString()).isEqualTo(after);
        assertThat(message.at("/system/user_id").asString()).isEqualTo(newBsuid);
        assertThat(message.at("/system/previous_user_id").asString()).isEqualTo(bsuid);
        assertThat(message.at("/system/body").asString())
                .isEqualTo("User Sheena Nelson changed from " + before + " to " + after);

        // The new number is the customer who wrote before: inside their window.
        String wamid = graphSend(textTo(after, "Welcome back")).json().at("/messages/0/id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 3);
        assertThat(statusesOf(wamid)).noneMatch(s -> s.get("status").asString().equals("failed"));
    }

    @Test
    void aBsuidChangeIsASystemMessageWithoutANumber() throws Exception {
        String bsuid = newBsuid();
        String newBsuid = newBsuid();
        customerWrites("{\"channelId\":\"demo\",\"userId\":\"" + bsuid + "\",\"text\":\"Hi\"}");

        Answer answer = customerWrites("{\"channelId\":\"demo\",\"type\":\"system\",\"systemType\":"
                + "\"user_changed_user_id\",\"userId\":\"" + bsuid + "\",\"newUserId\":\"" + newBsuid + "\"}");

        JsonNode webhook = messageWebhook(answer.json().get("messageId").asString());
        assertThat(contactsAndMessages(webhook))
                .isEqualTo(contactsAndMessages(Fixtures.json("peer/chatwoot_cloud_system_user_changed_user_id.json")));
        JsonNode system = webhook.at("/entry/0/changes/0/value/messages/0/system");
        assertThat(system.get("type").asString()).isEqualTo("user_changed_user_id");
        assertThat(system.get("previous_user_id").asString()).isEqualTo(bsuid);
        assertThat(system.get("user_id").asString()).isEqualTo(newBsuid);
        String wamid = graphSend(textToBsuid(newBsuid, "Still there?")).json().at("/messages/0/id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 3);
        assertThat(statusesOf(wamid).get(0).get("recipient_user_id").asString()).isEqualTo(newBsuid);
    }

    @Test
    void aSystemMessageOpensNoWindow() throws Exception {
        String before = newCustomer();
        String after = newCustomer();

        customerWrites("{\"channelId\":\"demo\",\"type\":\"system\",\"systemType\":\"user_changed_number\","
                + "\"from\":\"" + before + "\",\"newWaId\":\"" + after + "\"}");

        String wamid = graphSend(textTo(after, "Hello")).json().at("/messages/0/id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 1);
        assertThat(statusesOf(wamid).get(0).at("/errors/0/code").asInt()).isEqualTo(131047);
    }

    @Test
    void aGroupMessageCarriesItsGroupIdAndOpensNoWindow() throws Exception {
        String customer = newCustomer();

        Answer answer = customerWrites("{\"channelId\":\"demo\",\"from\":\"" + customer + "\",\"groupId\":"
                + "\"Y2FwaV9ncm91cDoxNjUwNTU1MTIzNDo0NTY3ODkwMTIzNDU2Nzg5\",\"text\":\"Hello everyone\"}");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode webhook = messageWebhook(answer.json().get("messageId").asString());
        assertThat(Fixtures.shape(webhook))
                .isEqualTo(Fixtures.shape(Fixtures.json("meta/inbound-group-text.synthetic.json")));
        assertThat(webhook.at("/entry/0/changes/0/value/messages/0/group_id").asString())
                .isEqualTo("Y2FwaV9ncm91cDoxNjUwNTU1MTIzNDo0NTY3ODkwMTIzNDU2Nzg5");
        String wamid = graphSend(textTo(customer, "Hi")).json().at("/messages/0/id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 1);
        assertThat(statusesOf(wamid).get(0).at("/errors/0/code").asInt()).isEqualTo(131047);
    }

    @Test
    void identitiesThatCannotBeAreRefusedWithAReason() throws Exception {
        assertThat(customerWrites("{\"channelId\":\"demo\",\"text\":\"x\"}").json().get("error").asString())
                .contains("from (the customer's number").contains("or userId");
        assertThat(customerWrites("{\"channelId\":\"demo\",\"userId\":\"13491208655302741918\",\"text\":\"x\"}")
                .json().get("error").asString()).contains("userId must be a business-scoped user id");
        assertThat(customerWrites("{\"channelId\":\"demo\",\"from\":\"4915112345678\",\"parentUserId\":"
                + "\"US.ENT.1\",\"text\":\"x\"}").json().get("error").asString()).contains("goes with userId");
        assertThat(customerWrites("{\"channelId\":\"demo-twilio\",\"from\":\"4915112345678\",\"userId\":"
                + "\"US.1\",\"text\":\"x\"}").json().get("error").asString()).contains("for Meta channels");
        assertThat(customerWrites("{\"channelId\":\"demo\",\"from\":\"4915112345678\",\"type\":\"system\"}")
                .json().get("error").asString()).contains("systemType must be one of");
        assertThat(customerWrites("{\"channelId\":\"demo\",\"userId\":\"US.1\",\"type\":\"system\","
                + "\"systemType\":\"user_changed_user_id\"}").json().get("error").asString())
                .contains("needs userId (the BSUID before) and newUserId");
        assertThat(customerWrites("{\"channelId\":\"demo-twilio\",\"from\":\"4915112345678\",\"type\":\"system\","
                + "\"systemType\":\"user_changed_number\",\"newWaId\":\"4915100000000\"}").status()).isEqualTo(400);
        assertThat(INGRESS.received()).isEmpty();
    }
}
