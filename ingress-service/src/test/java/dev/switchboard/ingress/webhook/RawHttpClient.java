package dev.switchboard.ingress.webhook;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, as the simplest clients speak it: the whole request is written before a byte of
 * the answer is read (java.net.http reads while it writes, so it cannot show what such a client sees).
 */
final class RawHttpClient implements AutoCloseable {

    private static final int PIECE = 64 * 1024;

    private final Socket socket;
    private final OutputStream out;

    RawHttpClient(int port) throws IOException {
        socket = new Socket("localhost", port);
        socket.setSoTimeout(30_000);
        out = new BufferedOutputStream(socket.getOutputStream(), PIECE);
    }

    /**
     * Sends a Meta webhook POST's head on its own, as Python's urllib does, so that the server may answer before the
     * first byte of the body; {@code contentLength} -1 means a chunked body. urllib also asks for
     * {@code Connection: close}.
     */
    void writeHead(String path, String signature, long contentLength, boolean connectionClose) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + (connectionClose ? "Connection: close\r\n" : "") + "Content-Type: application/json\r\n"
                + "X-Hub-Signature-256: " + signature + "\r\n"
                + (contentLength < 0 ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + contentLength + "\r\n")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Writes {@code body} whole (in chunks of 64 KiB if {@code chunked}, then the last chunk) and flushes. */
    void writeBody(byte[] body, boolean chunked) throws IOException {
        for (int from = 0; from < body.length; from += PIECE) {
            int length = Math.min(PIECE, body.length - from);
            if (chunked) {
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(body, from, length);
            if (chunked) {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    void writeChunk(byte[] chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The answer's first line, e.g. {@code HTTP/1.1 413 Payload Too Large}. */
    String readStatusLine() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
