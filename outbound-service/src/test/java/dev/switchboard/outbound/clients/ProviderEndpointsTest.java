package dev.switchboard.outbound.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

class ProviderEndpointsTest {

    @EnableConfigurationProperties(ProviderEndpoints.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Config.class);

    @Test
    void defaultsAreTheRealApis() {
        runner.run(context -> {
            ProviderEndpoints endpoints = context.getBean(ProviderEndpoints.class);
            assertThat(endpoints.graphBaseUrl()).isEqualTo(URI.create("https://graph.facebook.com"));
            assertThat(endpoints.twilioBaseUrl()).isEqualTo(URI.create("https://api.twilio.com"));
            assertThat(endpoints.graphVersion()).isEqualTo("v27.0");
        });
    }

    @Test
    void theGraphVersionOfChannelsThatNameNoneIsTheServicesSetting() {
        runner.withPropertyValues("SWITCHBOARD_GRAPH_VERSION=v25.0").run(context ->
                assertThat(context.getBean(ProviderEndpoints.class).graphVersion()).isEqualTo("v25.0"));
    }

    @Test
    void aGraphVersionNotWrittenLikeOneStopsTheServiceAtStartWithAClearMessage() {
        runner.withPropertyValues("SWITCHBOARD_GRAPH_VERSION=27.0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .isEqualTo("switchboard.graph.version (SWITCHBOARD_GRAPH_VERSION) must be a Graph API version like"
                            + " v27.0 (v<major>.<minor>), but is '27.0'");
        });
    }

    @Test
    void theContractsEnvironmentVariablesPointThemAtTheSandbox() {
        runner.withPropertyValues("SWITCHBOARD_GRAPH_BASE_URL=http://localhost:8090/graph",
                        "SWITCHBOARD_TWILIO_BASE_URL=http://localhost:8090/twilio")
                .run(context -> {
                    ProviderEndpoints endpoints = context.getBean(ProviderEndpoints.class);
                    assertThat(endpoints.graphBaseUrl()).isEqualTo(URI.create("http://localhost:8090/graph"));
                    assertThat(endpoints.twilioBaseUrl()).isEqualTo(URI.create("http://localhost:8090/twilio"));
                });
    }

    @Test
    void aUrlWithoutSchemeStopsTheServiceAtStartWithAClearMessage() {
        runner.withPropertyValues("SWITCHBOARD_GRAPH_BASE_URL=graph.facebook.com").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .isEqualTo("switchboard.graph.base-url (SWITCHBOARD_GRAPH_BASE_URL) must be an absolute http(s)"
                            + " URL, but is graph.facebook.com");
        });
    }
}
