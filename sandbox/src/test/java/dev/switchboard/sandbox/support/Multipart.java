package dev.switchboard.sandbox.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** A multipart/form-data body, written as curl writes one (the JDK's HTTP client has no builder for it). */
public final class Multipart {

    private final String boundary = "----sandbox-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public Multipart field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"\r\n",
                value.getBytes(StandardCharsets.UTF_8));
    }

    /** @param contentType null: the part has no Content-Type */
    public Multipart file(String name, String filename, String contentType, byte[] bytes) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n"), bytes);
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public byte[] body() {
        byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] parts = body.toByteArray();
        byte[] all = new byte[parts.length + end.length];
        System.arraycopy(parts, 0, all, 0, parts.length);
        System.arraycopy(end, 0, all, parts.length, end.length);
        return all;
    }

    private Multipart part(String headers, byte[] content) {
        body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }
}
