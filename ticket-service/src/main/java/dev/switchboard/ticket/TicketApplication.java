package dev.switchboard.ticket;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Turns conversations into tickets and articles in PostgreSQL, tracks the customer service window and serves the agent API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TicketApplication {

    public static void main(String[] args) {
        SpringApplication.run(TicketApplication.class, args);
    }
}
