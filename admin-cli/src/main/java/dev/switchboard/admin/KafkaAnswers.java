package dev.switchboard.admin;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.KafkaFuture;

/** Waits for an answer of Kafka's admin client, turning its failures into a message that says what was asked. */
public final class KafkaAnswers {

    private static final long TIMEOUT_SECONDS = 60;

    private KafkaAnswers() {
    }

    /**
     * The answer, within a minute.
     *
     * @param what what was asked, as in "could not {@code what}: &lt;Kafka's reason&gt;"
     */
    public static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + ": no answer in " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
