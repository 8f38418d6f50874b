package dev.switchboard.ingress.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import dev.switchboard.ingress.channel.ChannelSettings.ProviderKind;

class ChannelSettingsTest {

    @EnableConfigurationProperties(ChannelSettings.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Config.class);

    private static final String[] DEMO = {
            "switchboard.channels.demo.provider=meta",
            "switchboard.channels.demo.meta.phone-number-ids=100200300400500,100200300400501",
            "switchboard.channels.demo.meta.app-secret=demo-app-secret",
            "switchboard.channels.demo.meta.verify-token=demo-verify-token",
            "switchboard.channels.demo-twilio.provider=twilio",
            "switchboard.channels.demo-twilio.twilio.auth-token=demo-twilio-auth-token",
            "switchboard.channels.demo-twilio.twilio.senders=whatsapp:+15550002222",
            "switchboard.channels.demo-twilio.twilio.public-url=http://localhost:8080/webhooks/twilio/demo-twilio"};

    @Test
    void manyChannelsOfBothProvidersBindWithTheirNumbers() {
        runner.withPropertyValues(DEMO).run(context -> {
            ChannelSettings settings = context.getBean(ChannelSettings.class);
            assertThat(settings.find("demo", ProviderKind.META)).hasValueSatisfying(c -> {
                assertThat(c.businessNumberIds()).containsExactlyInAnyOrder("100200300400500", "100200300400501");
                assertThat(c.meta().appSecret().reveal()).isEqualTo("demo-app-secret");
                assertThat(c.meta().verifyToken().matches("demo-verify-token")).isTrue();
                assertThat(c.meta().verifyToken().matches("demo-verify-tokeN")).isFalse();
                assertThat(c.meta().verifyToken().matches(null)).isFalse();
            });
            assertThat(settings.find("demo-twilio", ProviderKind.TWILIO)).hasValueSatisfying(c -> {
                assertThat(c.businessNumberIds()).containsExactly("whatsapp:+15550002222");
                assertThat(c.twilio().publicUrl()).isEqualTo(URI.create("http://localhost:8080/webhooks/twilio/demo-twilio"));
                assertThat(c.twilio().statusCallbackUrl()).isEqualTo("http://localhost:8080/webhooks/twilio/demo-twilio/status");
            });
            assertThat(settings.find("demo", ProviderKind.TWILIO)).isEmpty();
            assertThat(settings.find("other", ProviderKind.META)).isEmpty();
        });
    }

    @Test
    void secretsNeverAppearInTheSettingsTextualForm() {
        runner.withPropertyValues(DEMO).run(context -> {
            String text = context.getBean(ChannelSettings.class).toString();
            assertThat(text).contains("100200300400500").contains("whatsapp:+15550002222")
                    .doesNotContain("demo-app-secret").doesNotContain("demo-verify-token")
                    .doesNotContain("demo-twilio-auth-token");
        });
    }

    @Test
    void theLocalStacksChannelsFileIsValidAndHoldsTheContractsDemoChannels() {
        runner.withPropertyValues("spring.config.import=file:../deploy/local/channels.yml").run(context -> {
            ChannelSettings settings = context.getBean(ChannelSettings.class);
            assertThat(settings.find("demo", ProviderKind.META)).hasValueSatisfying(c -> {
                assertThat(c.businessNumberIds()).containsExactly("100200300400500");
                assertThat(c.meta().verifyToken().matches("demo-verify-token")).isTrue();
            });
            assertThat(settings.find("demo-twilio", ProviderKind.TWILIO)).hasValueSatisfying(c ->
                    assertThat(c.twilio().publicUrl()).hasToString("http://localhost:8080/webhooks/twilio/demo-twilio"));
        });
    }

    @Test
    void noChannelsIsAllowedAndFindsNothing() {
        runner.run(context -> assertThat(context.getBean(ChannelSettings.class).channels()).isEmpty());
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsProperty() {
        runner.withPropertyValues(
                "switchboard.channels.a.provider=meta",
                "switchboard.channels.a.meta.phone-number-ids=12ab",
                "switchboard.channels.b.provider=twilio",
                "switchboard.channels.b.twilio.senders=+15550002222",
                "switchboard.channels.b.twilio.public-url=/relative",
                "switchboard.channels.Bad.provider=meta").run(context -> {
            assertThat(context).hasFailed();
            String message = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage();
            assertThat(message).startsWith("invalid channel configuration:")
                    .contains("switchboard.channels.a.meta.phone-number-ids: '12ab' is not a phone_number_id")
                    .contains("switchboard.channels.a.meta.app-secret: required")
                    .contains("switchboard.channels.a.meta.verify-token: required")
                    .contains("switchboard.channels.b.twilio.auth-token: required")
                    .contains("switchboard.channels.b.twilio.senders: '+15550002222' is not of the form whatsapp:+<digits>")
                    .contains("switchboard.channels.b.twilio.public-url: required")
                    .contains("switchboard.channels.Bad: a channel id is")
                    .contains("switchboard.channels.Bad.meta: required");
        });
    }

    @Test
    void a360dialogChannelBindsWithItsNumbersAndTokenAndIsValidatedLikeTheOthers() {
        runner.withPropertyValues(
                "switchboard.channels.bsp.provider=dialog360",
                "switchboard.channels.bsp.dialog360.phone-number-ids=100200300400599",
                "switchboard.channels.bsp.dialog360.webhook-token=bsp-webhook-token").run(context -> {
            ChannelSettings settings = context.getBean(ChannelSettings.class);
            assertThat(settings.find("bsp", ProviderKind.DIALOG360)).hasValueSatisfying(c -> {
                assertThat(c.businessNumberIds()).containsExactly("100200300400599");
                assertThat(c.dialog360().webhookToken().matches("bsp-webhook-token")).isTrue();
            });
            assertThat(settings.find("bsp", ProviderKind.META)).isEmpty();
            assertThat(settings.toString()).doesNotContain("bsp-webhook-token");
        });
        runner.withPropertyValues(
                "switchboard.channels.bsp.provider=dialog360",
                "switchboard.channels.bsp.dialog360.phone-number-ids=+49",
                "switchboard.channels.none.provider=dialog360").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .contains("switchboard.channels.bsp.dialog360.phone-number-ids: '+49' is not a phone_number_id")
                    .contains("switchboard.channels.bsp.dialog360.webhook-token: required")
                    .contains("switchboard.channels.none.dialog360: required");
        });
    }

    @Test
    void anUnknownProviderIsNamed() {
        runner.withPropertyValues("switchboard.channels.x.provider=telegram").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .contains("telegram");
        });
    }
}
