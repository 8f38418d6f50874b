package dev.switchboard.ticket.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ServiceWindowTest {

    private static final Instant LAST = Instant.parse("2026-11-21T10:00:00Z");
    private final ServiceWindow window = new ServiceWindow(LAST, Duration.ofHours(24));

    @Test
    void itIsOpenUntilTwentyFourHoursAfterTheCustomersLastMessage() {
        assertThat(window.expiresAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(window.isOpenAt(LAST)).isTrue();
        assertThat(window.isOpenAt(Instant.parse("2026-11-22T09:59:59.999Z"))).isTrue();
        assertThat(window.isOpenAt(Instant.parse("2026-11-22T10:00:00Z"))).isFalse();
    }

    @Test
    void aCustomerWhoNeverWroteHasNoWindow() {
        ServiceWindow none = new ServiceWindow(null, Duration.ofHours(24));
        assertThat(none.expiresAt()).isNull();
        assertThat(none.isOpenAt(LAST)).isFalse();
    }
}
