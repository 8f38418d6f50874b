package dev.switchboard.media;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Fetches every inbound attachment from Meta or Twilio into the object store and announces each outcome. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MediaApplication {

    public static void main(String[] args) {
        SpringApplication.run(MediaApplication.class, args);
    }

    /** The clock jobs are scheduled by; replaceable in tests. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
