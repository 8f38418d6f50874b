package dev.switchboard.ticket.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.Callers;
import dev.switchboard.ticket.live.LiveConnections.Connection;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/events}: the console's live updates as server-sent events, for the caller as authenticated when
 * the stream opened. No replay: on reconnect the console reloads what it shows.
 */
@RestController
class LiveController {

    private final LiveSettings settings;
    private final LiveConnections connections;

    LiveController(LiveSettings settings, LiveConnections connections) {
        this.settings = settings;
        this.connections = connections;
    }

    @GetMapping("/api/events")
    SseEmitter events(HttpServletResponse response) throws IOException {
        Caller caller = Callers.current();
        if (!settings.enabled()) {
            refuse(response, "live_updates_disabled", "Live updates are switched off on this server.");
            return null;
        }
        // No timeout: the heartbeat finds clients that went away.
        SseEmitter emitter = new SseEmitter(0L);
        Optional<Connection> connection = connections.open(caller, new EmitterSink(emitter));
        if (connection.isEmpty()) {
            refuse(response, "too_many_connections", "This server has as many event streams open as it may;"
                    + " try again shortly.");
            return null;
        }
        Runnable forget = () -> connections.forget(connection.get());
        emitter.onCompletion(forget);
        emitter.onTimeout(forget);
        emitter.onError(e -> forget.run());
        // A first line at once, so that the client knows the stream is open before the first event.
        emitter.send(SseEmitter.event().comment("connected"));
        return emitter;
    }

    private static void refuse(HttpServletResponse response, String error, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "10");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
    }

    /** A stream's messages written as SSE events. */
    private record EmitterSink(SseEmitter emitter) implements LiveConnections.Sink {

        @Override
        public void send(LiveMessage message) throws IOException {
            emitter.send(SseEmitter.event().name(message.event()).id(message.id())
                    .data(message.data()));
        }

        @Override
        public void heartbeat() throws IOException {
            emitter.send(SseEmitter.event().comment("heartbeat"));
        }

        @Override
        public void close() {
            try {
                emitter.complete();
            } catch (RuntimeException e) {
                // already completed, or the connection is gone: nothing left to end
            }
        }
    }
}
