package dev.switchboard.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The store on an S3-compatible bucket. A file is first spooled to a local file while its SHA-256 and size are
 * computed (the key depends on the digest, and a wrong or oversized file must never become visible), then uploaded
 * under {@code <prefix>sha256/<hex>} unless that key exists already.
 */
public final class S3MediaStore implements MediaStore {

    private static final Logger log = LoggerFactory.getLogger(S3MediaStore.class);
    private static final int BUFFER = 64 * 1024;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;
    private final Path spoolDir;

    public S3MediaStore(S3Client s3, S3Presigner presigner, String bucket, String prefix, Path spoolDir) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.prefix = prefix;
        this.spoolDir = spoolDir;
    }

    @Override
    public StoredObject put(InputStream content, String mimeType, long maxBytes, String expectedSha256) {
        Path spool = null;
        try {
            Files.createDirectories(spoolDir);
            spool = Files.createTempFile(spoolDir, "media-", ".part");
            MessageDigest digest = Sha256.digest();
            long size;
            try (InputStream in = new DigestInputStream(content, digest);
                 OutputStream out = Files.newOutputStream(spool)) {
                size = copyAtMost(in, out, maxBytes);
            }
            String sha256 = Sha256.hex(digest.digest());
            if (expectedSha256 != null && !expectedSha256.equals(sha256)) {
                throw new MediaRejectedException.HashMismatch(expectedSha256, sha256, size);
            }
            Optional<StoredObject> existing = find(sha256);
            if (existing.isPresent()) {
                return existing.get();
            }
            String type = mimeType == null || mimeType.isBlank() ? "application/octet-stream" : mimeType;
            s3.putObject(b -> b.bucket(bucket).key(key(sha256)).contentType(type).contentLength(size),
                    RequestBody.fromFile(spool));
            return new StoredObject(key(sha256), sha256, size, type);
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool a file for the media store in " + spoolDir, e);
        } finally {
            deleteQuietly(spool);
        }
    }

    @Override
    public Optional<StoredObject> find(String sha256) {
        requireHex(sha256);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key(sha256)));
            return Optional.of(new StoredObject(key(sha256), sha256, head.contentLength(), head.contentType()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<MediaContent> open(String sha256) {
        requireHex(sha256);
        return get(sha256, null).map(in -> {
            GetObjectResponse response = in.response();
            return new MediaContent(in, 0, response.contentLength(), response.contentLength(), response.contentType());
        });
    }

    @Override
    public Optional<MediaContent> open(String sha256, long offset, long length) {
        requireHex(sha256);
        if (offset < 0 || length < 1) {
            throw new IllegalArgumentException("a range needs offset >= 0 and length >= 1, not " + offset + "+" + length);
        }
        return get(sha256, "bytes=" + offset + "-" + (offset + length - 1)).map(in -> {
            GetObjectResponse response = in.response();
            return new MediaContent(in, offset, response.contentLength(), totalSize(response), response.contentType());
        });
    }

    @Override
    public URI link(String sha256, Duration ttl) {
        requireHex(sha256);
        return URI.create(presigner.presignGetObject(b -> b.signatureDuration(ttl)
                .getObjectRequest(g -> g.bucket(bucket).key(key(sha256)))).url().toString());
    }

    @Override
    public void check() {
        s3.headBucket(b -> b.bucket(bucket));
    }

    /** Makes sure the bucket exists: creates it when asked to, or says what to do. */
    void ensureBucket(boolean create) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkClientException e) {
            throw new IllegalStateException("the media store does not answer (switchboard.media.store.endpoint): "
                    + e.getMessage(), e);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            if (!create) {
                throw new IllegalStateException("switchboard.media.store.bucket: the bucket '" + bucket
                        + "' does not exist: create it, or set switchboard.media.store.create-bucket=true", e);
            }
            s3.createBucket(b -> b.bucket(bucket));
            log.info("created the media bucket {}", bucket);
        }
    }

    String key(String sha256) {
        return prefix + "sha256/" + sha256;
    }

    private Optional<ResponseInputStream<GetObjectResponse>> get(String sha256, String range) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(bucket).key(key(sha256)).range(range)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static long totalSize(GetObjectResponse response) {
        String contentRange = response.contentRange();
        if (contentRange != null) {
            int slash = contentRange.lastIndexOf('/');
            if (slash > 0 && !contentRange.endsWith("*")) {
                return Long.parseLong(contentRange.substring(slash + 1).trim());
            }
        }
        return response.contentLength();
    }

    private static long copyAtMost(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new MediaRejectedException.TooLarge(maxBytes);
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static void requireHex(String sha256) {
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
    }

    private static void deleteQuietly(Path spool) {
        if (spool != null) {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                log.warn("could not delete the spool file {}", spool, e);
            }
        }
    }
}
