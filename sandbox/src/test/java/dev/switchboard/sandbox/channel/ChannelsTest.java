package dev.switchboard.sandbox.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

class ChannelsTest {

    @Test
    void readsTheChannelFileOfTheLocalStack() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("channels", new FileSystemResource("../deploy/local/channels.yml"))
                .forEach(environment.getPropertySources()::addFirst);
        ChannelProperties properties = new Binder(ConfigurationPropertySources.get(environment))
                .bind("switchboard", ChannelProperties.class).get();

        Channels channels = new Channels(properties);

        Channel demo = channels.byPhoneNumberId("100200300400500").orElseThrow();
        assertThat(demo.id()).isEqualTo("demo");
        assertThat(demo.meta().accessToken()).isEqualTo("demo-access-token");
        assertThat(demo.businessDigits()).isEqualTo("15550001111");
        Channel twilio = channels.twilioAccount("AC00000000000000000000000000000000").get(0);
        assertThat(twilio.id()).isEqualTo("demo-twilio");
        assertThat(twilio.twilioStatusUrl()).isEqualTo("http://localhost:8080/webhooks/twilio/demo-twilio/status");
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheProperty() {
        Map<String, ChannelProperties.Entry> entries = Map.of(
                "a", new ChannelProperties.Entry(Provider.META, new ChannelProperties.Meta(List.of("12x"), null, null,
                        " ", null), null),
                "b", new ChannelProperties.Entry(Provider.TWILIO, null, new ChannelProperties.Twilio("AC1", null,
                        List.of("+1555"), URI.create("relative/path"))),
                "c", new ChannelProperties.Entry(null, null, null));

        assertThatThrownBy(() -> new Channels(new ChannelProperties(entries)))
                .hasMessageContaining("switchboard.channels.a.meta.phone-number-ids: '12x' is not a phone_number_id")
                .hasMessageContaining("switchboard.channels.a.meta.app-secret: required")
                .hasMessageContaining("switchboard.channels.a.meta.access-token: required")
                .hasMessageContaining("switchboard.channels.b.twilio.account-sid: required, AC followed by 32 hex")
                .hasMessageContaining("switchboard.channels.b.twilio.auth-token: required")
                .hasMessageContaining("switchboard.channels.b.twilio.senders: '+1555' is not of the form")
                .hasMessageContaining("switchboard.channels.b.twilio.public-url: required")
                .hasMessageContaining("switchboard.channels.c.provider: required");
    }

    @Test
    void refusesToStartWithoutChannelsAndSaysHowToGiveThem() {
        assertThatThrownBy(() -> new Channels(new ChannelProperties(Map.of())))
                .hasMessageContaining("SPRING_CONFIG_ADDITIONAL_LOCATION=file:deploy/local/channels.yml");
    }

    @Test
    void aPhoneNumberIdBelongsToOneChannel() {
        ChannelProperties.Meta meta = new ChannelProperties.Meta(List.of("1"), null, null, "s", "t");
        assertThatThrownBy(() -> new Channels(new ChannelProperties(Map.of(
                "a", new ChannelProperties.Entry(Provider.META, meta, null),
                "b", new ChannelProperties.Entry(Provider.META, meta, null)))))
                .hasMessageContaining("1 also belongs to channel a");
    }

    private static final ChannelProperties DEMO = new ChannelProperties(Map.of("demo", new ChannelProperties.Entry(
            Provider.META, new ChannelProperties.Meta(List.of("100200300400500"), "+15550001111", "900800700600500",
            "demo-app-secret", "demo-access-token"), null)));

    @Test
    void accountsAreChannelsWithTheirOwnNumbersKeysAndPin() {
        AccountProperties accounts = new AccountProperties(Map.of(
                "acme", new AccountProperties.Account("meta", "900800700600501", "acme-token", "acme-secret", null,
                        List.of(new AccountProperties.Number("501", "+1 555-000-3333", null, null, null, null, null),
                                new AccountProperties.Number("502", "+1 555-000-4444", "Acme Sales", "connected",
                                        "yellow", "HIGH", "TIER_10K")),
                        null, null, null, null, null, null, null),
                "acme-360", new AccountProperties.Account("360dialog", "900800700600503", null, null, null, null,
                        null, null, null, null, "key-360", "503", "+1 555-000-5555"),
                "acme-twilio", new AccountProperties.Account("twilio", null, null, null, null, null,
                        "AC11111111111111111111111111111111", "token", List.of("whatsapp:+15550006666"), null, null,
                        null, null)));

        Channels channels = new Channels(DEMO, accounts);

        Channel acme = channels.byPhoneNumberId("502").orElseThrow();
        assertThat(acme.id()).isEqualTo("acme");
        assertThat(acme.fromFile()).isFalse();
        assertThat(acme.pin()).isEqualTo("123456");
        assertThat(acme.businessDigits("502")).isEqualTo("15550004444");
        assertThat(acme.numbers().get(0)).isEqualTo(new BusinessNumber("501", "+1 555-000-3333", "acme", "PENDING",
                "GREEN", "STANDARD", "TIER_250"));
        assertThat(acme.numbers().get(1)).isEqualTo(new BusinessNumber("502", "+1 555-000-4444", "Acme Sales",
                "CONNECTED", "YELLOW", "HIGH", "TIER_10K"));
        Channel dialog = channels.byDialog360Key("key-360").orElseThrow();
        assertThat(dialog.label()).isEqualTo("360dialog");
        assertThat(channels.byPhoneNumberId("503")).contains(dialog);
        assertThat(channels.byWaba("900800700600503")).containsExactly(dialog);
        Channel twilio = channels.twilioAccount("AC11111111111111111111111111111111").get(0);
        assertThat(twilio.twilioStatusUrl()).isNull();
        assertThat(channels.find("demo").orElseThrow().fromFile()).isTrue();
    }

    @Test
    void everyAccountProblemIsNamed() {
        AccountProperties accounts = new AccountProperties(Map.of(
                "demo", new AccountProperties.Account("meta", "1", "t", "s", null, List.of(), null, null, null, null,
                        null, null, null),
                "acme", new AccountProperties.Account("meta", "waba", null, "s", "12", List.of(
                        new AccountProperties.Number("100200300400500", "12", null, "ONLINE", null, null, null)),
                        null, null, null, null, null, null, null),
                "acme-360", new AccountProperties.Account("360dialog", "2", null, null, null, null, null, null, null,
                        null, null, "503", "+1 555-000-5555"),
                "other", new AccountProperties.Account("telegram", null, null, null, null, null, null, null, null,
                        null, null, null, null)));

        assertThatThrownBy(() -> new Channels(DEMO, accounts))
                .hasMessageContaining("switchboard.sandbox.accounts.demo: the name of a channel of the channel file")
                .hasMessageContaining("switchboard.sandbox.accounts.acme.waba-id: required, digits")
                .hasMessageContaining("switchboard.sandbox.accounts.acme.access-token: required")
                .hasMessageContaining("switchboard.sandbox.accounts.acme.pin: six digits")
                .hasMessageContaining("switchboard.sandbox.accounts.acme.numbers[0].status: one of [CONNECTED, PENDING]")
                .hasMessageContaining("switchboard.sandbox.accounts.acme.numbers[0].display-number")
                .hasMessageContaining("switchboard.sandbox.accounts.acme-360.api-key: required")
                .hasMessageContaining("switchboard.sandbox.accounts.other.provider: required, one of meta, twilio,"
                        + " 360dialog");
    }

    @Test
    void anAccountsNumberMayNotBeAChannelsNumber() {
        AccountProperties accounts = new AccountProperties(Map.of("acme", new AccountProperties.Account("meta",
                "900800700600501", "acme-token", "acme-secret", null, List.of(new AccountProperties.Number(
                        "100200300400500", "+1 555-000-3333", null, null, null, null, null)),
                null, null, null, null, null, null, null)));

        assertThatThrownBy(() -> new Channels(DEMO, accounts))
                .hasMessageContaining("switchboard.sandbox.accounts.acme: number 100200300400500 also belongs to"
                        + " channel demo");
    }
}
