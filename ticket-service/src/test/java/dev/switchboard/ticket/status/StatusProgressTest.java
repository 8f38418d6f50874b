package dev.switchboard.ticket.status;

import static dev.switchboard.ticket.status.StatusProgress.Status.DELIVERED;
import static dev.switchboard.ticket.status.StatusProgress.Status.FAILED;
import static dev.switchboard.ticket.status.StatusProgress.Status.PENDING;
import static dev.switchboard.ticket.status.StatusProgress.Status.READ;
import static dev.switchboard.ticket.status.StatusProgress.Status.RECEIVED;
import static dev.switchboard.ticket.status.StatusProgress.Status.SENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.ticket.status.StatusProgress.Status;

class StatusProgressTest {

    private static Status applyAll(Status start, Status... receipts) {
        Status current = start;
        for (Status receipt : receipts) {
            current = StatusProgress.next(current, receipt);
        }
        return current;
    }

    @Test
    void theUsualOrderMovesStepByStep() {
        assertThat(StatusProgress.next(PENDING, SENT)).isEqualTo(SENT);
        assertThat(StatusProgress.next(SENT, DELIVERED)).isEqualTo(DELIVERED);
        assertThat(StatusProgress.next(DELIVERED, READ)).isEqualTo(READ);
    }

    @Test
    void readMayComeWithoutDeliveredAndLateReceiptsNeverMoveBack() {
        assertThat(StatusProgress.next(SENT, READ)).isEqualTo(READ);
        assertThat(applyAll(PENDING, READ, DELIVERED, SENT, SENT)).isEqualTo(READ);
    }

    @Test
    void failedIsFinal() {
        assertThat(StatusProgress.next(SENT, FAILED)).isEqualTo(FAILED);
        assertThat(applyAll(PENDING, FAILED, SENT, DELIVERED, READ)).isEqualTo(FAILED);
    }

    @Test
    void aFailureAfterDeliveryOrReadIsIgnored() {
        assertThat(StatusProgress.next(DELIVERED, FAILED)).isEqualTo(DELIVERED);
        assertThat(StatusProgress.next(READ, FAILED)).isEqualTo(READ);
    }

    @Test
    void everyOrderOfTheSameReceiptsEndsTheSame() {
        for (List<Status> order : List.of(List.of(SENT, DELIVERED, READ), List.of(READ, SENT, DELIVERED),
                List.of(DELIVERED, READ, SENT), List.of(READ, DELIVERED, SENT))) {
            assertThat(applyAll(PENDING, order.toArray(Status[]::new))).as(order.toString()).isEqualTo(READ);
        }
    }

    @Test
    void inboundArticlesHaveNoDeliveryStatus() {
        assertThat(StatusProgress.next(RECEIVED, READ)).isEqualTo(RECEIVED);
        assertThat(StatusProgress.next(PENDING, RECEIVED)).isEqualTo(PENDING);
    }
}
