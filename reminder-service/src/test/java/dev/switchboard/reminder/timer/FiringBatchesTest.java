package dev.switchboard.reminder.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.switchboard.reminder.timing.Decision;
import dev.switchboard.reminder.timing.TimerSettings;

/** How timers executing at the same moment are fired together, and how one that cannot fire fails alone. */
class FiringBatchesTest {

    /** Records the batches it is asked to fire; the first one waits for a signal; "poison" cannot fire. */
    static final class RecordingFiring extends Firing {

        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch firstMayFinish = new CountDownLatch(1);

        RecordingFiring() {
            super(null, null, new TimerSettings(new TimerSettings.Window(Duration.ofHours(24), Duration.ofDays(1)),
                    new TimerSettings.Reminder(Duration.ofHours(23))), null, null, null, null);
        }

        @Override
        public Map<String, Fired> fire(List<String> keys) {
            batches.add(List.copyOf(keys));
            if (batches.size() == 1) {
                try {
                    firstMayFinish.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (keys.contains("poison")) {
                throw new IllegalStateException("cannot fire poison");
            }
            Map<String, Fired> fired = new HashMap<>();
            keys.forEach(k -> fired.put(k, new Fired(null, Decision.NOTHING, Instant.now(), Instant.EPOCH)));
            return fired;
        }
    }

    @Test
    void timersThatArriveWhileABatchIsInFlightFireTogetherInTheNext() throws Exception {
        RecordingFiring firing = new RecordingFiring();
        FiringBatches batches = new FiringBatches(firing, new FiringBatches.Settings(256, 1));
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<Firing.Fired>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "c" + i;
            CompletableFuture<Firing.Fired> result = new CompletableFuture<>();
            results.add(result);
            Thread thread = new Thread(() -> result.complete(batches.fire(key)));
            threads.add(thread);
            thread.start();
            if (i == 0) {
                await().until(() -> firing.batches.size() == 1); // the first leads a batch of one, held back
            }
        }
        await().until(() -> threads.stream().skip(1).allMatch(t -> t.getState() == Thread.State.WAITING));
        firing.firstMayFinish.countDown();

        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(firing.batches).hasSize(2);
        assertThat(firing.batches.get(0)).containsExactly("c0");
        assertThat(firing.batches.get(1)).hasSize(19);
        assertThat(results).allSatisfy(r -> assertThat(r.join().nextDue()).isEqualTo(Instant.EPOCH));
    }

    @Test
    void aTimerThatCannotFireFailsAloneAndTheOthersOfItsBatchFire() throws Exception {
        RecordingFiring firing = new RecordingFiring();
        FiringBatches batches = new FiringBatches(firing, new FiringBatches.Settings(256, 1));
        Map<String, CompletableFuture<Firing.Fired>> results = new HashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (String key : List.of("first", "x", "poison", "y")) {
            CompletableFuture<Firing.Fired> result = new CompletableFuture<>();
            results.put(key, result);
            Thread thread = new Thread(() -> {
                try {
                    result.complete(batches.fire(key));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            threads.add(thread);
            thread.start();
            if (key.equals("first")) {
                await().until(() -> firing.batches.size() == 1);
            }
        }
        await().until(() -> threads.stream().skip(1).allMatch(t -> t.getState() == Thread.State.WAITING));
        firing.firstMayFinish.countDown();

        assertThat(results.get("x").get(30, TimeUnit.SECONDS).nextDue()).isEqualTo(Instant.EPOCH);
        assertThat(results.get("y").get(30, TimeUnit.SECONDS).nextDue()).isEqualTo(Instant.EPOCH);
        assertThatThrownBy(() -> results.get("poison").join()).hasRootCauseMessage("cannot fire poison");
        // The batch of three failed as a whole, then each was fired again alone.
        assertThat(firing.batches.get(1)).containsExactlyInAnyOrder("x", "poison", "y");
        assertThat(firing.batches.subList(2, firing.batches.size())).containsExactlyInAnyOrder(
                List.of("x"), List.of("poison"), List.of("y"));
    }
}
