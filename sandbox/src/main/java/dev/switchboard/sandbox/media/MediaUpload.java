package dev.switchboard.sandbox.media;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file received in a request (a multipart part), to be streamed into the {@link MediaStore}.
 *
 * @param filename    the part's file name, or null
 * @param contentType its Content-Type, or null
 * @param content     opens its bytes (each call a new stream)
 */
public record MediaUpload(String filename, String contentType, Content content) {

    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }
}
