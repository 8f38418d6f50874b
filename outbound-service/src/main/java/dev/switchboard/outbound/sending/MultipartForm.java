package dev.switchboard.outbound.sending;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578): text fields, then one file part read from a stream as the HTTP
 * client sends it, so a 100 MB document never sits in the heap. The length is known beforehand (the fields' bytes plus
 * the file's size), so the body goes with a Content-Length rather than chunked.
 */
final class MultipartForm {

    private static final String CRLF = "\r\n";

    private final String boundary = "switchboard-" + UUID.randomUUID();
    private final StringBuilder head = new StringBuilder();

    MultipartForm field(String name, String value) {
        head.append("--").append(boundary).append(CRLF)
                .append("Content-Disposition: form-data; name=\"").append(quoted(name)).append('"').append(CRLF)
                .append(CRLF)
                .append(value).append(CRLF);
        return this;
    }

    /** The Content-Type header of the request, boundary included. */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The whole body: the fields, then the file part with {@code size} bytes of {@code content}. */
    HttpRequest.BodyPublisher withFile(String name, String filename, String contentType, InputStream content, long size) {
        byte[] before = (head + "--" + boundary + CRLF
                + "Content-Disposition: form-data; name=\"" + quoted(name) + "\"; filename=\"" + quoted(filename) + '"'
                + CRLF + "Content-Type: " + contentType + CRLF + CRLF).getBytes(StandardCharsets.UTF_8);
        byte[] after = (CRLF + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher parts = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(before),
                HttpRequest.BodyPublishers.ofInputStream(() -> content),
                HttpRequest.BodyPublishers.ofByteArray(after));
        return HttpRequest.BodyPublishers.fromPublisher(parts, before.length + size + after.length);
    }

    /** A name or filename inside quotes, escaped as browsers do (WHATWG HTML, "multipart/form-data encoding"). */
    static String quoted(String text) {
        return text.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
