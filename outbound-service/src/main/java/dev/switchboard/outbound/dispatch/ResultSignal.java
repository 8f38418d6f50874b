package dev.switchboard.outbound.dispatch;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Tells the result relay that a dispatcher of this replica committed a result, so that it publishes at once instead
 * of at its next poll (which stays, for results other replicas leave behind).
 */
@Component
public class ResultSignal {

    private final Semaphore raised = new Semaphore(0);

    /** After the commit: the relay's next look must see the row. */
    void raise() {
        if (raised.availablePermits() == 0) {
            raised.release();
        }
    }

    /** Waits until raised or the timeout passes; returns whether it was raised. Signals before the call count. */
    boolean await(Duration timeout) throws InterruptedException {
        boolean wasRaised = raised.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        raised.drainPermits();
        return wasRaised;
    }
}
