package dev.switchboard.outbound;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Sends through the Graph API or Twilio, paced per phone number and messaging tier, retrying rate-limited sends. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OutboundApplication {

    public static void main(String[] args) {
        SpringApplication.run(OutboundApplication.class, args);
    }

    /** The time backoffs, deadlines and the tier window are computed against; replaceable in tests. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
