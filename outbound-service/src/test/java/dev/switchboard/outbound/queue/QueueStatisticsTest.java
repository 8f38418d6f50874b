package dev.switchboard.outbound.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class QueueStatisticsTest {

    private final AtomicInteger analyses = new AtomicInteger();
    private final List<Runnable> pending = new ArrayList<>();
    private final QueueStatistics statistics = new QueueStatistics(analyses::incrementAndGet, pending::add);

    @Test
    void aBurstOfQueuedRequestsRefreshesTheStatisticsOnce() {
        statistics.queued(QueueStatistics.ROWS - 1);
        assertThat(pending).isEmpty();

        statistics.queued(1);
        assertThat(pending).hasSize(1);
        pending.remove(0).run();
        assertThat(analyses).hasValue(1);
    }

    @Test
    void oneRefreshAtATimeAndWhatIsQueuedMeanwhileCountsTowardsTheNext() {
        statistics.queued(QueueStatistics.ROWS);
        statistics.queued(QueueStatistics.ROWS / 2);   // while the first runs: not a second one
        assertThat(pending).hasSize(1);
        pending.remove(0).run();

        statistics.queued(QueueStatistics.ROWS / 2 - 1);
        assertThat(pending).isEmpty();
        statistics.queued(1);
        assertThat(pending).hasSize(1);
    }
}
