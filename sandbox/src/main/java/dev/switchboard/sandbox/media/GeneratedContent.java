package dev.switchboard.sandbox.media;

import java.io.InputStream;
import java.util.SplittableRandom;

/** {@code size} pseudo-random bytes, made as they are read: a large test file that never sits in the heap. */
public final class GeneratedContent extends InputStream {

    private final SplittableRandom random = new SplittableRandom();
    private long left;

    public GeneratedContent(long size) {
        this.left = size;
    }

    @Override
    public int read() {
        if (left <= 0) {
            return -1;
        }
        left--;
        return random.nextInt(256);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(length, left);
        long bits = 0;
        for (int i = 0; i < n; i++) {
            if (i % 8 == 0) {
                bits = random.nextLong();
            }
            buffer[offset + i] = (byte) bits;
            bits >>>= 8;
        }
        left -= n;
        return n;
    }
}
