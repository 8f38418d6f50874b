package dev.switchboard.ingress.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Reads a request body as the exact bytes that were signed, up to a limit. The rest of an oversize body is read
 * and discarded (never kept) before the 413, because a client that writes its whole body before it reads (Python's
 * urllib, most simple clients) sees a connection reset, not the answer, when the server closes on unread bytes.
 * That drain is bounded: at most {@link #DRAIN_FACTOR} times the limit, within {@link #DRAIN_TIME}; beyond either,
 * the 413 is sent at once and the connection closed.
 */
final class RequestBodies {

    static final int DRAIN_FACTOR = 4;
    static final Duration DRAIN_TIME = Duration.ofSeconds(10);

    private RequestBodies() {
    }

    /** Thrown (as a Mono error) when a body is over the limit; answered with 413. */
    static final class TooLarge extends RuntimeException {
        private final boolean bodyRead;

        TooLarge(long limit, boolean bodyRead) {
            super("request body over " + limit + " bytes", null, false, false);
            this.bodyRead = bodyRead;
        }

        /** False when part of the body was left unread: the connection must be closed after the answer. */
        boolean bodyRead() {
            return bodyRead;
        }
    }

    static Mono<byte[]> read(ServerRequest request, long limit) {
        long declared = request.headers().contentLength().orElse(-1);
        // Not worth reading: more than the drain takes, or a sender that waits for "100 Continue" before the body.
        if (declared > DRAIN_FACTOR * limit
                || declared > limit && "100-continue".equalsIgnoreCase(request.headers().firstHeader("Expect"))) {
            return Mono.error(new TooLarge(limit, false));
        }
        BoundedBody body = new BoundedBody(limit, declared > limit);
        return request.body(BodyExtractors.toDataBuffers())
                .doOnNext(body::add)
                .then(Mono.fromCallable(body::bytes))
                .timeout(body.overLimit().delayElement(DRAIN_TIME))
                .onErrorMap(TimeoutException.class, e -> new TooLarge(limit, false))
                .doFinally(signal -> body.release());
    }

    /** The buffers of a body while it is within the limit; past it, only a count of what was discarded. */
    private static final class BoundedBody {
        private final long limit;
        private final List<DataBuffer> kept = new ArrayList<>();
        private final Sinks.One<Boolean> overLimit = Sinks.one();
        private long received;
        private boolean over;

        BoundedBody(long limit, boolean declaredOverLimit) {
            this.limit = limit;
            if (declaredOverLimit) {
                passLimit();
            }
        }

        /** Emits once the body is known to be over the limit: the drain's clock starts then. */
        Mono<Boolean> overLimit() {
            return overLimit.asMono();
        }

        synchronized void add(DataBuffer buffer) {
            received += buffer.readableByteCount();
            if (!over && received <= limit) {
                kept.add(buffer);
                return;
            }
            DataBufferUtils.release(buffer);
            if (!over) {
                passLimit();
            }
            if (received > DRAIN_FACTOR * limit) {
                throw new TooLarge(limit, false);
            }
        }

        synchronized byte[] bytes() {
            if (over) {
                throw new TooLarge(limit, true);
            }
            byte[] bytes = new byte[Math.toIntExact(received)];
            int at = 0;
            for (DataBuffer buffer : kept) {
                int length = buffer.readableByteCount();
                buffer.read(bytes, at, length);
                at += length;
            }
            release();
            return bytes;
        }

        synchronized void release() {
            kept.forEach(DataBufferUtils::release);
            kept.clear();
        }

        private void passLimit() {
            over = true;
            release();
            overLimit.tryEmitValue(true);
        }
    }
}
