package dev.switchboard.ticket.template.rules;

import static dev.switchboard.ticket.template.rules.TemplateCheckTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.switchboard.ticket.template.rules.TemplateListings.Page;

/** The providers' listing pages read into templates. */
class TemplateListingsTest {

    @Test
    void metaPagesFollowPagingNext() {
        Page page = TemplateListings.meta(json("""
                {"data":[{"name":"order_update","parameter_format":"POSITIONAL","components":[{"type":"BODY","text":"Order {{1}}"}],
                  "language":"en_US","status":"APPROVED","category":"UTILITY","id":"920070352646140"}],
                 "paging":{"cursors":{"before":"MAZDZD","after":"MjQZD"},"next":"https://graph.facebook.com/v23.0/1/message_templates?after=MjQZD"}}"""));

        assertThat(page.next()).isEqualTo("https://graph.facebook.com/v23.0/1/message_templates?after=MjQZD");
        assertThat(page.templates()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("920070352646140");
            assertThat(t.label()).isEqualTo("order_update (en_US)");
            assertThat(t.parameters().body().count()).isEqualTo(1);
        });
        assertThat(TemplateListings.meta(json("{\"data\":[],\"paging\":{\"cursors\":{}}}")).next()).isNull();
    }

    @Test
    void dialog360PagesGoByOffset() {
        Page first = TemplateListings.dialog360(json("""
                {"count":1,"filters":{},"limit":1,"offset":0,"sort":["id"],"total":2,
                 "waba_templates":[{"category":"MARKETING","components":[{"type":"BODY","text":"Sale"}],"language":"de",
                  "name":"sale","namespace":"ns","rejected_reason":"NONE","status":"paused"}]}"""));
        assertThat(first.next()).isEqualTo("offset=1&limit=1");
        assertThat(first.templates()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("sale:de");
            assertThat(t.status()).isEqualTo("PAUSED");
        });
        assertThat(TemplateListings.dialog360(json("{\"count\":1,\"limit\":1,\"offset\":1,\"total\":2,"
                + "\"waba_templates\":[{\"name\":\"b\",\"language\":\"en\",\"status\":\"APPROVED\"}]}")).next()).isNull();
    }

    @Test
    void twilioContentsCarryTheirApprovalAndVariables() {
        Page page = TemplateListings.twilio(json("""
                {"contents":[{"sid":"HX00000000000000000000000000000001","friendly_name":"order_notice","language":"en",
                  "variables":{"1":"Ana","2":"#1"},"types":{"twilio/text":{"body":"Hi {{1}}, order {{2}}"}},
                  "approval_requests":{"name":"order_notice","category":"UTILITY","status":"approved","rejection_reason":""}},
                 {"sid":"HX00000000000000000000000000000002","friendly_name":"draft","language":"en","variables":{},
                  "types":{"twilio/text":{"body":"Hi"}},"approval_requests":{}}],
                 "meta":{"page":0,"page_size":50,"next_page_url":null,"key":"contents"}}"""));

        assertThat(page.next()).isNull();
        assertThat(page.templates()).extracting(Template::name, Template::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("order_notice", "APPROVED"),
                        org.assertj.core.groups.Tuple.tuple("draft", "UNSUBMITTED"));
        assertThat(page.templates().get(0).parameters().body().names()).containsExactly("1", "2");
    }
}
