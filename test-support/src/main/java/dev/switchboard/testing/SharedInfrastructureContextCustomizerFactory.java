package dev.switchboard.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Wires {@link UseSharedKafka} and {@link UseSharedPostgres} into Spring's test context
 * (registered in {@code META-INF/spring.factories}). The connection properties take precedence over
 * every other property source, so a service's own defaults can never point a test elsewhere.
 */
public final class SharedInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        MergedAnnotations annotations = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY);
        boolean kafka = annotations.isPresent(UseSharedKafka.class);
        boolean postgres = annotations.isPresent(UseSharedPostgres.class);
        return kafka || postgres ? new Customizer(kafka, postgres) : null;
    }

    /** A record, so that equal requirements share one cached context (and so one database). */
    private record Customizer(boolean kafka, boolean postgres) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Object> properties = new HashMap<>();
            if (kafka) {
                properties.put("spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
            }
            if (postgres) {
                properties.put("spring.datasource.url", SharedPostgres.createDatabase());
                properties.put("spring.datasource.username", SharedPostgres.USER);
                properties.put("spring.datasource.password", SharedPostgres.PASSWORD);
            }
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("switchboard-shared-test-infrastructure", properties));
        }
    }
}
