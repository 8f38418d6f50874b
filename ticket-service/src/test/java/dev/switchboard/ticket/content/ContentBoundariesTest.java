package dev.switchboard.ticket.content;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.Boundaries;

/** The content rules stay plain Java: no Spring, JDBC or Kafka type in {@code content} (see {@link Boundaries}). */
class ContentBoundariesTest {

    @Test
    void contentRulesArePlainJava() {
        Boundaries.rulesArePlainJava("dev.switchboard.ticket.content")
                .check(Boundaries.mainClassesOf("dev.switchboard.ticket"));
    }
}
