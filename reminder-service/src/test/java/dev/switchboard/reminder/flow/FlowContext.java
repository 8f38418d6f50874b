package dev.switchboard.reminder.flow;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/**
 * The one service context the flow tests share (application-flow.yml: a reminder delay of 3 s, a window of 5 s,
 * channel {@code shop} with reminders, {@code club} without), on the shared broker and a database of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
abstract class FlowContext {

    @Autowired
    protected KafkaListenerEndpointRegistry listeners;

    @Autowired
    protected JdbcTemplate jdbc;

    @BeforeAll
    static void topics() {
        ReminderTestKit.createTopics();
    }

    /** Timings in a test count from its start: the service must have caught up with what the topics already hold. */
    @BeforeEach
    void caughtUp() {
        ReminderTestKit.awaitCaughtUp(listeners, jdbc);
    }
}
