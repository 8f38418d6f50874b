package dev.switchboard.admin.reparse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ChannelsInEffectTest {

    @Test
    void theChannelsFileDefaultsToTheYamlTheServicesAreGiven() {
        assertThat(ChannelsInEffect.serviceChannelsFile("file:/etc/switchboard/channels.yml"))
                .isEqualTo(Path.of("/etc/switchboard/channels.yml"));
        assertThat(ChannelsInEffect.serviceChannelsFile("optional:classpath:/x.properties, optional:file:./c.yaml"))
                .isEqualTo(Path.of("./c.yaml"));
        assertThat(ChannelsInEffect.serviceChannelsFile("file:/etc/switchboard/")).isNull();
        assertThat(ChannelsInEffect.serviceChannelsFile(null)).isNull();
    }
}
