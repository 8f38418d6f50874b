package dev.switchboard.ticket;

import java.util.HashMap;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import dev.switchboard.store.testing.S3TestServer;

/**
 * The service needs its media store to start (readiness includes {@code mediaStore}): every test context of
 * ticket-service gets the S3-compatible server of the test JVM ({@link S3TestServer}) and the bucket {@value #BUCKET}.
 * Registered in {@code META-INF/spring.factories}, like the shared Kafka and PostgreSQL of test-support.
 */
public final class MediaStoreForTests implements ContextCustomizerFactory {

    public static final String BUCKET = "ticket-media";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    /** A record, so that every context gets an equal customizer and cached contexts are shared as before. */
    private record Customizer() implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("ticket-test-media-store",
                    new HashMap<>(S3TestServer.properties(BUCKET))));
        }
    }
}
