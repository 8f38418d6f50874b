package dev.switchboard.outbound.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** The channel file, its 360dialog channels included. */
class OutboundChannelsTest {

    @EnableConfigurationProperties(OutboundChannels.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void a360dialogChannelOfTheFileHasItsKeyNumbersAndBaseUrl() {
        runner.withPropertyValues("switchboard.channels.bsp.provider=dialog360",
                        "switchboard.channels.bsp.dialog360.api-key=d360-key",
                        "switchboard.channels.bsp.dialog360.phone-number-ids[0]=333",
                        "switchboard.channels.bsp.dialog360.base-url=http://localhost:8090/360dialog")
                .run(context -> {
                    OutboundChannels.Channel channel = context.getBean(OutboundChannels.class).find("bsp").orElseThrow();
                    assertThat(channel.provider()).isEqualTo(OutboundChannels.Provider.DIALOG360);
                    assertThat(channel.dialog360()).isEqualTo(new OutboundChannels.Dialog360("d360-key",
                            List.of("333"), "http://localhost:8090/360dialog"));
                    assertThat(channel.numbers()).containsExactly("333");
                    assertThat(channel.dialog360().toString()).doesNotContain("d360-key");
                });
    }

    @Test
    void a360dialogChannelWithoutKeyStopsTheStartNamingTheProperty() {
        runner.withPropertyValues("switchboard.channels.bsp.provider=dialog360",
                        "switchboard.channels.bsp.dialog360.phone-number-ids[0]=333")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                            .contains("switchboard.channels.bsp.dialog360.api-key: required");
                });
    }

    @Test
    void aMetaChannelOfTheFileNamesItsGraphVersionOrLeavesItToTheService() {
        runner.withPropertyValues("switchboard.channels.shop.provider=meta",
                        "switchboard.channels.shop.meta.access-token=t",
                        "switchboard.channels.shop.meta.phone-number-ids[0]=111",
                        "switchboard.channels.pinned.provider=meta",
                        "switchboard.channels.pinned.meta.access-token=t",
                        "switchboard.channels.pinned.meta.phone-number-ids[0]=222",
                        "switchboard.channels.pinned.meta.graph-api-version=v24.0")
                .run(context -> {
                    OutboundChannels channels = context.getBean(OutboundChannels.class);
                    assertThat(channels.find("shop").orElseThrow().meta().graphApiVersion()).isNull();
                    assertThat(channels.find("pinned").orElseThrow().meta().graphApiVersion()).isEqualTo("v24.0");
                });
    }

    @Test
    void aGraphVersionNotWrittenLikeOneStopsTheStartNamingTheProperty() {
        runner.withPropertyValues("switchboard.channels.shop.provider=meta",
                        "switchboard.channels.shop.meta.access-token=t",
                        "switchboard.channels.shop.meta.phone-number-ids[0]=111",
                        "switchboard.channels.shop.meta.graph-api-version=27")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                            .contains("switchboard.channels.shop.meta.graph-api-version: like v27.0, not 27");
                });
    }
}
