package dev.switchboard.ticket.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.Caller.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Who gets which event, with explicit callers and streams written on the publishing thread. */
class LiveConnectionsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Caller ALICE = new Caller(1L, "alice", "Alice", Role.AGENT, Set.of("support"));
    private static final Caller BOB = new Caller(2L, "bob", "Bob", Role.AGENT, Set.of("sales"));
    private static final Caller ADMIN = new Caller(3L, "root", "Root", Role.ADMIN, Set.of());

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private LiveConnections connections(int maxConnections, int maxQueued) {
        return new LiveConnections(new LiveSettings(true, maxConnections, Duration.ofSeconds(15), maxQueued), registry,
                Clock.fixed(NOW, ZoneOffset.UTC), Runnable::run);
    }

    private static LiveMessage message(String id, String group) {
        return new LiveMessage("ticket", id, "{}", group, NOW.minusMillis(250));
    }

    /** Records what it is sent; fails on demand. */
    private static final class RecordingSink implements LiveConnections.Sink {
        final List<String> received = new ArrayList<>();
        int heartbeats;
        boolean closed;
        boolean broken;

        @Override
        public void send(LiveMessage message) throws IOException {
            if (broken) {
                throw new IOException("Broken pipe");
            }
            received.add(message.id());
        }

        @Override
        public void heartbeat() throws IOException {
            if (broken) {
                throw new IOException("Broken pipe");
            }
            heartbeats++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void eachCallerGetsTheEventsOfTheGroupsItCanSee() {
        LiveConnections connections = connections(10, 100);
        RecordingSink alice = new RecordingSink();
        RecordingSink bob = new RecordingSink();
        RecordingSink admin = new RecordingSink();
        connections.open(ALICE, alice).orElseThrow();
        connections.open(BOB, bob).orElseThrow();
        connections.open(ADMIN, admin).orElseThrow();
        connections.open(Caller.staticToken("api"), new RecordingSink()).orElseThrow();

        connections.publish(message("e1", "support"));
        connections.publish(message("e2", "sales"));
        connections.publish(message("e3", null));

        assertThat(alice.received).containsExactly("e1");
        assertThat(bob.received).containsExactly("e2");
        assertThat(admin.received).containsExactly("e1", "e2", "e3");
        assertThat(registry.get("switchboard.console.live.events").tag("event", "ticket").counter().count())
                .isEqualTo(1 + 1 + 3 + 3);
        assertThat(registry.get("switchboard.console.live.delay").timer().max(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(250);
        assertThat(registry.get("switchboard.console.live.connections").gauge().value()).isEqualTo(4);
    }

    @Test
    void aStreamThatCannotBeWrittenIsClosedAndForgotten() {
        LiveConnections connections = connections(10, 100);
        RecordingSink healthy = new RecordingSink();
        RecordingSink broken = new RecordingSink();
        broken.broken = true;
        connections.open(ALICE, healthy).orElseThrow();
        connections.open(ALICE, broken).orElseThrow();

        connections.heartbeat();

        assertThat(broken.closed).isTrue();
        assertThat(connections.size()).isEqualTo(1);
        assertThat(healthy.heartbeats).isEqualTo(1);
        connections.publish(message("e1", "support"));
        assertThat(healthy.received).containsExactly("e1");
    }

    @Test
    void refusesStreamsBeyondTheMaximumAndTakesNewOnesWhenOneEnds() {
        LiveConnections connections = connections(2, 100);
        LiveConnections.Connection first = connections.open(ALICE, new RecordingSink()).orElseThrow();
        connections.open(BOB, new RecordingSink()).orElseThrow();

        assertThat(connections.open(ADMIN, new RecordingSink())).isEmpty();
        connections.forget(first);
        assertThat(connections.open(ADMIN, new RecordingSink())).isPresent();
    }

    @Test
    void aClientTooFarBehindIsClosedWithoutHoldingUpTheOthers() {
        List<Runnable> pending = new ArrayList<>();
        LiveConnections connections = new LiveConnections(new LiveSettings(true, 10, Duration.ofSeconds(15), 3),
                registry, Clock.fixed(NOW, ZoneOffset.UTC), pending::add); // nothing is written until run
        RecordingSink slow = new RecordingSink();
        connections.open(ALICE, slow).orElseThrow();

        for (int i = 0; i < 4; i++) {
            connections.publish(message("e" + i, "support"));
        }
        assertThat(pending).hasSize(1); // one drain per stream at a time
        pending.forEach(Runnable::run);

        assertThat(slow.closed).isTrue();
        assertThat(connections.size()).isZero();
    }
}
