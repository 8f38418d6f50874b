package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

class SharedInfrastructureContextCustomizerTest {

    @Configuration
    static class Empty {
    }

    @Nested
    @SpringJUnitConfig(Empty.class)
    @UseSharedKafka
    @UseSharedPostgres
    class WithBoth {
        @Autowired
        Environment environment;

        @Test
        void pointsTheContextAtTheSharedBrokerAndAFreshDatabase() {
            assertThat(environment.getProperty("spring.kafka.bootstrap-servers"))
                    .isEqualTo(SharedKafka.bootstrapServers());
            assertThat(environment.getProperty("spring.datasource.url"))
                    .startsWith("jdbc:postgresql://localhost:").contains("switchboard_test_");
            assertThat(environment.getProperty("spring.datasource.username")).isEqualTo(SharedPostgres.USER);
        }
    }

    @Nested
    @SpringJUnitConfig(Empty.class)
    class WithNeither {
        @Autowired
        Environment environment;

        @Test
        void leavesTheContextAlone() {
            assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isNull();
            assertThat(environment.getProperty("spring.datasource.url")).isNull();
        }
    }
}
