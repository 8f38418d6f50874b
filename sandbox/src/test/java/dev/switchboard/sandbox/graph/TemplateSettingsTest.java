package dev.switchboard.sandbox.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.TemplateSettings;
import dev.switchboard.sandbox.support.TestChannels;

/** The catalogue's settings are checked at start, naming each property that is wrong. */
class TemplateSettingsTest {

    @Test
    void everyProblemIsNamedWithItsProperty() {
        TemplateSettings settings = new TemplateSettings(Map.of(
                "demo", List.of(new TemplateSettings.Template("", "en_US", "APPROVED", "UTILITY", "{\"type\":1}"),
                        new TemplateSettings.Template("x", "en_US", null, "UTILITY", "[oops")),
                "demo-twilio", List.of()));

        assertThatThrownBy(() -> new TemplateCatalogue(TestChannels.demo(), settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("switchboard.sandbox.templates.demo[0].name: required")
                .hasMessageContaining("switchboard.sandbox.templates.demo[0].components: a JSON array")
                .hasMessageContaining("switchboard.sandbox.templates.demo[1].status: required")
                .hasMessageContaining("switchboard.sandbox.templates.demo[1].components: not JSON")
                .hasMessageContaining("switchboard.sandbox.templates.demo-twilio: not a Meta channel");
    }

    @Test
    void aPausedTemplateIsRefusedWith132015AndAnUnlistedOneIsNot() {
        TemplateCatalogue catalogue = new TemplateCatalogue(TestChannels.demo(), new TemplateSettings(null));

        assertThat(catalogue.refusal("demo", "spring_sale", "en_US")).map(GraphError::code).contains(132015);
        assertThat(catalogue.refusal("demo", "spring_sale", "de")).isEmpty();
        assertThat(catalogue.refusal("demo", "order_update", "en_US")).isEmpty();
    }
}
