package dev.switchboard.media.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/**
 * The one service context every test of media-service shares: the shared broker and a database of its own, the
 * stub providers and S3Mock ({@link TestProviders}), the test channels (application.properties). One context, so
 * that no two sets of fetch threads consume the same topic and answer the same stubs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ContextConfiguration(initializers = TestProviders.class)
public @interface MediaServiceTest {
}
