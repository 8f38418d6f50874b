package dev.switchboard.ingress.webhook;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;

import reactor.core.publisher.Mono;

/** Reads a request body as the exact bytes that were signed, up to a limit. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** Thrown (as a Mono error) when a body is over the limit; answered with 413. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("request body over " + limit + " bytes", null, false, false);
        }
    }

    static Mono<byte[]> read(ServerRequest request, long limit) {
        // A declared length over the limit is refused before a byte is read.
        if (request.headers().contentLength().orElse(0) > limit) {
            return Mono.error(new TooLarge(limit));
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), Math.toIntExact(limit))
                .map(RequestBodies::bytes)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> new TooLarge(limit));
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
