package dev.switchboard.ticket.template.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.template.rules.Template.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An agent's template message against the approved template, rule by rule, without Spring. */
class TemplateCheckTest {

    static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    /** An image header, a body with two variables, a dynamic URL, a quick reply, a phone number and a copy code. */
    static final Template ORDER_UPDATE = meta("order_update", "en_US", "APPROVED", null, """
            [{"type":"HEADER","format":"IMAGE","example":{"header_handle":["https://x/h.png"]}},
             {"type":"BODY","text":"Hi {{1}}, your order {{2}} is on its way.","example":{"body_text":[["Ana","#1"]]}},
             {"type":"FOOTER","text":"Reply STOP to opt out"},
             {"type":"BUTTONS","buttons":[{"type":"URL","text":"Track","url":"https://shop.example/t/{{1}}"},
               {"type":"QUICK_REPLY","text":"Stop"},{"type":"PHONE_NUMBER","text":"Call","phone_number":"+15550001111"},
               {"type":"COPY_CODE","example":"SAVE10"}]}]""");

    static Template meta(String name, String language, String status, String format, String components) {
        return new Template("id-" + name + "-" + language, Source.META, name, language, "UTILITY", status, null, format,
                json(components), null);
    }

    static final String GOOD_ORDER_UPDATE = """
            {"name":"order_update","language":{"code":"en_US"},"components":[
             {"type":"header","parameters":[{"type":"image","image":{"link":"https://x/p.png"}}]},
             {"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"#7"}]},
             {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"7"}]},
             {"type":"button","sub_type":"copy_code","index":3,"parameters":[{"type":"coupon_code","coupon_code":"SAVE10"}]}]}""";

    static List<FieldProblem> cloud(String template, Template... catalogue) {
        return TemplateCheck.cloud(json(template), List.of(catalogue));
    }

    @Test
    void theParametersFollowFromTheComponents() {
        TemplateParameters parameters = ORDER_UPDATE.parameters();

        assertThat(parameters.header()).isEqualTo(new TemplateParameters.Header("IMAGE", 1, List.of()));
        assertThat(parameters.body()).isEqualTo(new TemplateParameters.Body(2, List.of()));
        assertThat(parameters.buttons()).containsExactly(
                new TemplateParameters.Button(0, "URL", "url", "text", true),
                new TemplateParameters.Button(1, "QUICK_REPLY", "quick_reply", "payload", false),
                new TemplateParameters.Button(2, "PHONE_NUMBER", null, null, false),
                new TemplateParameters.Button(3, "COPY_CODE", "copy_code", "coupon_code", true));
        assertThat(parameters.describe()).containsEntry("body", java.util.Map.of("count", 2));
    }

    @Test
    void anApprovedTemplateWithItsParametersPasses() {
        assertThat(cloud(GOOD_ORDER_UPDATE, ORDER_UPDATE)).isEmpty();
        // a quick reply's payload may be given
        assertThat(cloud(GOOD_ORDER_UPDATE.replace("]}]}", "]},{\"type\":\"button\",\"sub_type\":\"quick_reply\","
                + "\"index\":1,\"parameters\":[{\"type\":\"payload\",\"payload\":\"stop\"}]}]}"), ORDER_UPDATE)).isEmpty();
    }

    @Test
    void anUnknownTemplateOrLanguageIsNamed() {
        assertThat(cloud("{\"name\":\"nope\",\"language\":\"en_US\"}"))
                .containsExactly(new FieldProblem("template.name", "no template nope in the channel's catalogue"));
        assertThat(cloud(GOOD_ORDER_UPDATE.replace("en_US", "de"), ORDER_UPDATE)).containsExactly(new FieldProblem(
                "template.language", "template order_update has no de translation (it has: en_US)"));
    }

    @Test
    void onlyApprovedTemplatesAreSent() {
        for (String status : List.of("PAUSED", "REJECTED", "DISABLED", "PENDING")) {
            Template held = new Template("1", Source.META, "order_update", "en_US", "UTILITY", status,
                    "LOW_QUALITY", null, ORDER_UPDATE.components(), null);
            assertThat(cloud(GOOD_ORDER_UPDATE, held)).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("template.name");
                assertThat(p.problem()).isEqualTo("template order_update (en_US) is " + status
                        + " (LOW_QUALITY): only APPROVED templates can be sent");
            });
        }
    }

    @Test
    void theBodyParameterCountMustMatch() {
        assertThat(cloud(GOOD_ORDER_UPDATE.replace(",{\"type\":\"text\",\"text\":\"#7\"}", ""), ORDER_UPDATE))
                .containsExactly(new FieldProblem("template.components[1].parameters",
                        "the template's body has 2 parameters ({{1}}, {{2}}), 1 given"));
        Template plain = meta("hello", "en", "APPROVED", null, "[{\"type\":\"BODY\",\"text\":\"Hello!\"}]");
        assertThat(cloud("{\"name\":\"hello\",\"language\":\"en\",\"components\":[{\"type\":\"body\",\"parameters\":"
                + "[{\"type\":\"text\",\"text\":\"x\"}]}]}", plain)).containsExactly(new FieldProblem(
                "template.components[0].parameters", "the template's body has no parameters (1 given)"));
        assertThat(cloud("{\"name\":\"hello\",\"language\":\"en\"}", plain)).isEmpty();
    }

    @Test
    void aMediaHeaderNeedsItsMedia() {
        String withoutHeader = GOOD_ORDER_UPDATE.replace(
                "{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":\"https://x/p.png\"}}]},", "");
        assertThat(cloud(withoutHeader, ORDER_UPDATE)).containsExactly(new FieldProblem("template.components",
                "the template's header is an IMAGE: add {\"type\":\"header\",\"parameters\":[{\"type\":\"image\",…}]}"));
        String video = GOOD_ORDER_UPDATE.replace("{\"type\":\"image\",\"image\"", "{\"type\":\"video\",\"video\"");
        assertThat(cloud(video, ORDER_UPDATE)).containsExactly(new FieldProblem(
                "template.components[0].parameters[0].type", "must be image: the template's header is an IMAGE"));
    }

    @Test
    void aTextHeaderTakesItsVariableOnly() {
        Template variable = meta("greet", "en", "APPROVED", null,
                "[{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Hi {{1}}\"},{\"type\":\"BODY\",\"text\":\"Welcome\"}]");
        assertThat(cloud("{\"name\":\"greet\",\"language\":\"en\"}", variable)).singleElement()
                .satisfies(p -> assertThat(p.problem()).startsWith("the template's header is a TEXT"));
        assertThat(cloud("{\"name\":\"greet\",\"language\":\"en\",\"components\":[{\"type\":\"header\",\"parameters\":"
                + "[{\"type\":\"text\",\"text\":\"Ana\"}]}]}", variable)).isEmpty();

        Template fixed = meta("fixed", "en", "APPROVED", null,
                "[{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Hello\"},{\"type\":\"BODY\",\"text\":\"Welcome\"}]");
        assertThat(cloud("{\"name\":\"fixed\",\"language\":\"en\",\"components\":[{\"type\":\"header\",\"parameters\":"
                + "[{\"type\":\"text\",\"text\":\"Ana\"}]}]}", fixed)).containsExactly(new FieldProblem(
                "template.components[0].parameters", "the template's TEXT header has no parameter (1 given)"));
    }

    @Test
    void dynamicButtonsNeedTheirParameterAtTheirIndexAndSubType() {
        String withoutUrl = GOOD_ORDER_UPDATE.replace(
                "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"0\",\"parameters\":[{\"type\":\"text\",\"text\":\"7\"}]},", "");
        assertThat(cloud(withoutUrl, ORDER_UPDATE)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("template.components");
            assertThat(p.problem()).startsWith("the template's button 0 (URL) needs its parameter");
        });
        assertThat(cloud(GOOD_ORDER_UPDATE.replace("\"sub_type\":\"url\"", "\"sub_type\":\"quick_reply\""), ORDER_UPDATE))
                .containsExactly(new FieldProblem("template.components[2].sub_type",
                        "must be url: the template's button 0 is of type URL"));
        assertThat(cloud(GOOD_ORDER_UPDATE.replace("\"index\":3", "\"index\":2"), ORDER_UPDATE)).extracting(FieldProblem::field)
                .containsExactly("template.components[3]", "template.components");
        assertThat(cloud(GOOD_ORDER_UPDATE.replace("\"index\":3", "\"index\":7"), ORDER_UPDATE)).extracting(FieldProblem::field)
                .containsExactly("template.components", "template.components[3].index");
    }

    @Test
    void namedParametersMustNameTheTemplatesVariables() {
        Template named = meta("named", "en", "APPROVED", "NAMED",
                "[{\"type\":\"BODY\",\"text\":\"Hi {{first_name}}, order {{order_id}}\"}]");
        assertThat(named.parameters().body().names()).containsExactly("first_name", "order_id");
        String good = "{\"name\":\"named\",\"language\":\"en\",\"components\":[{\"type\":\"body\",\"parameters\":["
                + "{\"type\":\"text\",\"parameter_name\":\"order_id\",\"text\":\"7\"},"
                + "{\"type\":\"text\",\"parameter_name\":\"first_name\",\"text\":\"Ana\"}]}]}";
        assertThat(cloud(good, named)).isEmpty();
        assertThat(cloud(good.replace("\"order_id\"", "\"order\""), named)).containsExactly(new FieldProblem(
                "template.components[0].parameters[0].parameter_name",
                "the template's body has no parameter order (its parameters: first_name, order_id)"));
    }

    @Test
    void twilioContentNeedsApprovalAndItsVariables() {
        Template content = new Template("HX" + "a".repeat(32), Source.TWILIO, "order_notice", "en", "UTILITY",
                "APPROVED", null, null, json("{\"twilio/text\":{\"body\":\"Hi {{1}}, order {{2}}\"}}"),
                json("{\"1\":\"Ana\",\"2\":\"#1\"}"));
        String sid = content.id();
        assertThat(TemplateCheck.twilio(json("{\"contentSid\":\"" + sid + "\",\"contentVariables\":{\"1\":\"A\",\"2\":\"B\"}}"),
                content)).isEmpty();
        assertThat(TemplateCheck.twilio(json("{\"contentSid\":\"" + sid + "\",\"contentVariables\":{\"1\":\"A\",\"3\":\"B\"}}"),
                content)).containsExactly(
                new FieldProblem("template.contentVariables", "missing 2: the template's variables are 1, 2"),
                new FieldProblem("template.contentVariables.3", "the template has no variable 3 (its variables: 1, 2)"));
        assertThat(TemplateCheck.twilio(json("{\"contentSid\":\"" + sid + "\"}"), null)).extracting(FieldProblem::field)
                .containsExactly("template.contentSid");
        Template rejected = new Template(sid, Source.TWILIO, "order_notice", "en", null, "REJECTED", "bad", null,
                content.components(), content.variables());
        assertThat(TemplateCheck.twilio(json("{\"contentSid\":\"" + sid + "\"}"), rejected)).singleElement()
                .satisfies(p -> assertThat(p.problem()).contains("is REJECTED (bad)"));
    }

    @Test
    void statusEventsNameTheNewStatus() {
        assertThat(Template.statusAfterEvent("PAUSED")).isEqualTo("PAUSED");
        assertThat(Template.statusAfterEvent("disabled")).isEqualTo("DISABLED");
        assertThat(Template.statusAfterEvent("REINSTATED")).isEqualTo("APPROVED");
        assertThat(Template.statusAfterEvent("FLAGGED")).isNull();
    }
}
