package dev.switchboard.ticket;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns conversations into tickets and articles in PostgreSQL, tracks the customer service window and serves the agent API. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TicketApplication {

    public static void main(String[] args) {
        SpringApplication.run(TicketApplication.class, args);
    }

    /** The time rules (the window) are computed against; replaceable in tests. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
