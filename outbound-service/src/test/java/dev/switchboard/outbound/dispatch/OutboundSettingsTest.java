package dev.switchboard.outbound.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class OutboundSettingsTest {

    private static OutboundSettings withPause(Duration pause, Duration max) {
        return new OutboundSettings(8, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofHours(24), 256, pause, max, Duration.ofSeconds(60), Duration.ofMinutes(5));
    }

    private static OutboundSettings withMaintenance(Duration pause, Duration maxWait) {
        return new OutboundSettings(8, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofHours(24), 256, Duration.ofSeconds(1), Duration.ofMinutes(1), pause, maxWait);
    }

    @Test
    void theMaintenancePauseMustBePositiveAndAtMostTheMaintenanceWait() {
        assertThat(withMaintenance(Duration.ofSeconds(60), Duration.ofMinutes(5)).maintenanceMaxWait())
                .isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> withMaintenance(Duration.ZERO, Duration.ofMinutes(5)))
                .hasMessageContaining("switchboard.outbound.maintenance-pause");
        assertThatThrownBy(() -> withMaintenance(Duration.ofMinutes(6), Duration.ofMinutes(5)))
                .hasMessageContaining("maintenance-max-wait");
    }

    @Test
    void theThroughputPauseMustBePositiveAndAtMostItsMaximum() {
        assertThat(withPause(Duration.ofSeconds(1), Duration.ofMinutes(1)).throughputPause()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> withPause(Duration.ZERO, Duration.ofMinutes(1)))
                .hasMessageContaining("switchboard.outbound.throughput-pause");
        assertThatThrownBy(() -> withPause(Duration.ofSeconds(-1), Duration.ofMinutes(1)))
                .hasMessageContaining("switchboard.outbound.throughput-pause");
        assertThatThrownBy(() -> withPause(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .hasMessageContaining("throughput-pause-max");
    }
}
