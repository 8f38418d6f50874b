package dev.switchboard.outbound.flow;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.switchboard.testing.MutableClock;

/** The service's clock as a {@link MutableClock} the flow tests move forward (a 24 h window, a notAfter passing). */
@TestConfiguration
class TestClock {

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock();
    }
}
