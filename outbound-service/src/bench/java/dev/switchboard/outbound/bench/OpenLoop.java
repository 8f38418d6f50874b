package dev.switchboard.outbound.bench;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;

/**
 * Requests for one channel produced on a fixed schedule, whatever the service does (open loop): {@code rate} per
 * second in ticks of 10 ms, on a thread of its own ({@code bench-offer}); a tick that comes late is caught up.
 */
final class OpenLoop {

    private final List<String> ids = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    OpenLoop(Requests requests, String channelId, OutboundKind kind, double rate) {
        thread = new Thread(() -> {
            long tick = 10_000_000L;
            long began = System.nanoTime();
            long sent = 0;
            while (running) {
                long due = (long) ((System.nanoTime() - began) / 1e9 * rate);
                for (; sent < due; sent++) {
                    OutboundRequest request = Requests.request(channelId, kind);
                    synchronized (ids) {
                        ids.add(request.getRequestId());
                    }
                    requests.send(request);
                }
                try {
                    Thread.sleep(tick / 1_000_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-offer");
        thread.start();
    }

    /** Stops producing; the ids of every request produced. */
    List<String> stop() throws InterruptedException {
        running = false;
        thread.join();
        synchronized (ids) {
            return new ArrayList<>(ids);
        }
    }
}
