package dev.switchboard.reminder;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Durable timers: the reminder before the customer service window closes, and the window close itself. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReminderApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReminderApplication.class, args);
    }

    /** The wall clock a firing timer compares due times (event time) with; replaceable in tests. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
