package dev.switchboard.reminder;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Durable timers: the reminder before the customer service window closes, and the window close itself. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReminderApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReminderApplication.class, args);
    }
}
