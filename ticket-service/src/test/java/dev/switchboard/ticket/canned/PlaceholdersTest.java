package dev.switchboard.ticket.canned;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private static final Map<String, String> VALUES = Map.of("customer.name", "Ana", "customer.waId", "4915112345678",
            "agent.name", "Bo", "ticket.id", "12", "channel.id", "shop");

    @Test
    void everyPlaceholderIsReplacedByItsValue() {
        assertThat(Placeholders.render("Hi {{customer.name}} ({{customer.waId}}), {{agent.name}} here about #{{ticket.id}}"
                + " on {{ channel.id }}.", VALUES))
                .isEqualTo("Hi Ana (4915112345678), Bo here about #12 on shop.");
    }

    @Test
    void aMissingValueTakesTheFallbackOrNothing() {
        Map<String, String> nameless = new HashMap<>(VALUES);
        nameless.put("customer.name", null);
        assertThat(Placeholders.render("Hi {{customer.name|there}}!", nameless)).isEqualTo("Hi there!");
        assertThat(Placeholders.render("Hi {{customer.name}}!", nameless)).isEqualTo("Hi !");
        assertThat(Placeholders.render("Hi {{customer.name|there}}!", VALUES)).isEqualTo("Hi Ana!");
    }

    @Test
    void valuesAreInsertedLiterally() {
        Map<String, String> odd = new HashMap<>(VALUES);
        odd.put("customer.name", "$1 \\ {{agent.name}}");
        assertThat(Placeholders.render("Hi {{customer.name}}", odd)).isEqualTo("Hi $1 \\ {{agent.name}}");
    }

    @Test
    void unknownPlaceholdersAreNamed() {
        assertThat(Placeholders.unknown("Hi {{customer.name|there}}, {{customer.email}} and {{order.id|?}}"))
                .containsExactly("customer.email", "order.id");
        assertThat(Placeholders.unknown("Hi {{customer.name}}, {not one} {{ agent.name }}")).isEmpty();
    }
}
