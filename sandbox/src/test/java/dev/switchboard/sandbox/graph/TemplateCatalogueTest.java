package dev.switchboard.sandbox.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/** {@code GET /{waba-id}/message_templates} over HTTP, and sends of templates that are not approved. */
class TemplateCatalogueTest extends SandboxTestBase {

    private static final String TOKEN = "demo-access-token";
    private static final String TEMPLATES = "/v23.0/900800700600500/message_templates";

    private static List<String> names(Answer answer) {
        return answer.json().get("data").valueStream().map(t -> t.get("name").asString()).toList();
    }

    private static String templateTo(String customer, String name) {
        return "{\"messaging_product\":\"whatsapp\",\"to\":\"" + customer + "\",\"type\":\"template\",\"template\":"
                + "{\"name\":\"" + name + "\",\"language\":{\"code\":\"en_US\"},\"components\":[{\"type\":\"body\","
                + "\"parameters\":[{\"type\":\"text\",\"text\":\"#4711\"}]}]}}";
    }

    @Test
    void aChannelWithoutSettingsHasTheDefaultCatalogue() throws Exception {
        Answer answer = get(TEMPLATES, bearer(TOKEN));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(names(answer)).containsExactly("order_update", "hello_world", "spring_sale", "win_back");
        JsonNode orderUpdate = answer.json().at("/data/0");
        assertThat(orderUpdate.get("language").asString()).isEqualTo("en_US");
        assertThat(orderUpdate.get("status").asString()).isEqualTo("APPROVED");
        assertThat(orderUpdate.get("category").asString()).isEqualTo("UTILITY");
        assertThat(orderUpdate.get("id").asString()).matches("[0-9]{16}");
        assertThat(orderUpdate.at("/components/0/type").asString()).isEqualTo("BODY");
        assertThat(orderUpdate.at("/components/0/text").asString()).contains("{{1}}");
        assertThat(answer.json().at("/data/2/status").asString()).isEqualTo("PAUSED");
        assertThat(answer.json().at("/data/3/status").asString()).isEqualTo("REJECTED");
        assertThat(answer.json().at("/paging/cursors/after").asString()).isNotBlank();
        assertThat(get(TEMPLATES, bearer(TOKEN)).json().at("/data/0/id").asString())
                .isEqualTo(orderUpdate.get("id").asString());
    }

    @Test
    void templatesArePagedAndFiltered() throws Exception {
        Answer first = get(TEMPLATES + "?limit=3", bearer(TOKEN));
        assertThat(names(first)).containsExactly("order_update", "hello_world", "spring_sale");
        String after = first.json().at("/paging/cursors/after").asString();
        assertThat(first.json().at("/paging/next").asString()).endsWith("/message_templates?limit=3&after=" + after);

        Answer second = get(TEMPLATES + "?limit=3&after=" + after, bearer(TOKEN));
        assertThat(names(second)).containsExactly("win_back");
        assertThat(second.json().at("/paging/next").isMissingNode()).isTrue();

        assertThat(names(get(TEMPLATES + "?status=APPROVED", bearer(TOKEN))))
                .containsExactly("order_update", "hello_world");
        assertThat(names(get(TEMPLATES + "?name=order", bearer(TOKEN)))).containsExactly("order_update");
    }

    @Test
    void aChannelsOwnCatalogueReplacesTheDefaults() throws Exception {
        Answer answer = get("/v23.0/800700600500400/message_templates", bearer("second-access-token"));

        assertThat(names(answer)).containsExactly("shipping_notice");
        assertThat(answer.json().at("/data/0/language").asString()).isEqualTo("de");
        assertThat(answer.json().at("/data/0/components/0/text").asString()).contains("{{1}}");
    }

    @Test
    void anotherTokenOrWabaIsRefused() throws Exception {
        assertThat(get(TEMPLATES, bearer("wrong")).status()).isEqualTo(401);
        assertThat(get(TEMPLATES, bearer("wrong")).json().at("/error/code").asInt()).isEqualTo(190);
        Answer otherWaba = get(TEMPLATES, bearer("second-access-token"));
        assertThat(otherWaba.status()).isEqualTo(400);
        assertThat(otherWaba.json().at("/error/error_subcode").asInt()).isEqualTo(33);
    }

    @Test
    void sendsOfPausedOrRejectedTemplatesAreRefusedAsMetaDoes() throws Exception {
        String customer = newCustomer();

        Answer paused = graphSend(templateTo(customer, "spring_sale"));
        assertThat(paused.status()).as(paused.body()).isEqualTo(400);
        assertThat(paused.json().at("/error/code").asInt()).isEqualTo(132015);
        assertThat(paused.json().at("/error/message").asString()).isEqualTo("(#132015) Template is Paused");

        Answer rejected = graphSend(templateTo(customer, "win_back"));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(404);
        assertThat(rejected.json().at("/error/code").asInt()).isEqualTo(132001);
        assertThat(rejected.json().at("/error/error_data/details").asString())
                .isEqualTo("template name (win_back) does not exist in en_US");

        Answer approved = graphSend(templateTo(customer, "order_update"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().at("/messages/0/message_status").asString()).isEqualTo("accepted");
        assertThat(graphSend(templateTo(customer, "not_in_the_catalogue")).status()).isEqualTo(200);

        assertThat(recorded(customer).stream().map(r -> r.get("errorCode").isNull() ? 0
                : r.get("errorCode").asInt())).containsExactly(132015, 132001, 0, 0);
    }
}
