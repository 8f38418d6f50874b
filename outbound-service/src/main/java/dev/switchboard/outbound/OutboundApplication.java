package dev.switchboard.outbound;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Sends through the Graph API or Twilio, paced per phone number and messaging tier, retrying rate-limited sends. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OutboundApplication {

    public static void main(String[] args) {
        SpringApplication.run(OutboundApplication.class, args);
    }
}
