package dev.switchboard.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An open stream of a stored file, or of a range of it. The caller must close it (it holds an HTTP connection).
 *
 * @param offset the first byte of the stream within the file
 * @param length how many bytes the stream yields
 * @param totalSize the size of the whole file
 */
public record MediaContent(InputStream stream, long offset, long length, long totalSize, String mimeType)
        implements Closeable {

    public boolean partial() {
        return length != totalSize;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
