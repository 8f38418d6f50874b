package dev.switchboard.sandbox.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.sandbox.channel.Provider;
import dev.switchboard.sandbox.webhook.MessageIds;

/**
 * The media files of the fake Meta and Twilio: each on disk in one directory, streamed in (hashed and counted on
 * the way, refused past its size limit) and out, never whole in the heap; the heap holds only their descriptions.
 * A file is gone for the provider APIs once its retention is over, and deleted from disk an hour later.
 */
public final class MediaStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaStore.class);
    /** How long an expired file stays inspectable before it is deleted. */
    static final Duration PURGE_AFTER = Duration.ofHours(1);

    private final Path directory;
    private final boolean ownsDirectory;
    private final Duration retention;
    private final Clock clock;
    private final Map<String, MediaFile> files = new ConcurrentHashMap<>();

    /**
     * @param directory     where the files go (created if missing)
     * @param ownsDirectory true: the directory is the store's own (a temp directory) and is deleted on close
     * @param retention     how long a media id stays downloadable
     */
    public MediaStore(Path directory, boolean ownsDirectory, Duration retention, Clock clock) {
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
        this.retention = retention;
        this.clock = clock;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("media directory " + directory + " cannot be created", e);
        }
    }

    /**
     * What is to be stored, besides its bytes.
     *
     * @param maxBytes a longer file is refused with {@link TooLarge}
     * @param fault    a fault the file carries, or null
     */
    public record Incoming(Provider provider, String channelId, String phoneNumberId, String messageSid,
                           String mimeType, String filename, String source, String link, long maxBytes,
                           MediaFault fault) {

        /** A Meta media of a channel's phone number. */
        public static Incoming meta(String channelId, String phoneNumberId, String mimeType, String filename,
                                    String source, String link, long maxBytes) {
            return new Incoming(Provider.META, channelId, phoneNumberId, null, mimeType, filename, source, link,
                    maxBytes, null);
        }

        /** A Twilio media of a message. */
        public static Incoming twilio(String channelId, String messageSid, String mimeType, String filename,
                                      String source, String link, long maxBytes) {
            return new Incoming(Provider.TWILIO, channelId, null, messageSid, mimeType, filename, source, link,
                    maxBytes, null);
        }

        public Incoming withLink(String newLink) {
            return new Incoming(provider, channelId, phoneNumberId, messageSid, mimeType, filename, source, newLink,
                    maxBytes, fault);
        }

        public Incoming withFault(MediaFault newFault) {
            return new Incoming(provider, channelId, phoneNumberId, messageSid, mimeType, filename, source, link,
                    maxBytes, newFault);
        }
    }

    /** The file is longer than its limit; nothing was kept. */
    public static final class TooLarge extends IOException {
        private final long limit;

        TooLarge(long limit) {
            super("larger than " + limit + " bytes", null);
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /**
     * Streams the bytes to disk, hashing and counting them; the caller closes {@code in}.
     *
     * @throws TooLarge    past {@code maxBytes} (the part read so far is deleted)
     * @throws IOException when reading or writing fails (nothing is kept)
     */
    public MediaFile store(InputStream in, Incoming what) throws IOException {
        String id = what.provider() == Provider.META ? MessageIds.mediaId() : MessageIds.twilioSid("ME");
        Path part = directory.resolve(id + ".part");
        MessageDigest sha = sha256();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                size += n;
                if (size > what.maxBytes()) {
                    throw new TooLarge(what.maxBytes());
                }
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Path path = Files.move(part, directory.resolve(id), StandardCopyOption.REPLACE_EXISTING);
        Instant now = clock.instant();
        MediaFault fault = what.fault();
        MediaFault.Kind kind = fault == null ? null : fault.kind();
        MediaFile file = new MediaFile(id, what.provider(), what.channelId(), what.phoneNumberId(), what.messageSid(),
                what.mimeType(), what.filename(), HexFormat.of().formatHex(sha.digest()), size, now,
                kind == MediaFault.Kind.EXPIRED ? now : now.plus(retention), what.source(), what.link(),
                kind == MediaFault.Kind.HASH_MISMATCH ? MessageIds.hex(32) : null,
                new AtomicInteger(kind == MediaFault.Kind.SERVER_ERROR ? fault.count() : 0), path);
        files.put(id, file);
        return file;
    }

    /** The file, expired or not, while it is on disk. */
    public Optional<MediaFile> find(String id) {
        return Optional.ofNullable(id == null ? null : files.get(id));
    }

    /** Every file on disk, oldest first. */
    public List<MediaFile> all() {
        return files.values().stream().sorted(Comparator.comparing(MediaFile::createdAt)).toList();
    }

    /** The file, if it has not expired: what the provider APIs serve. */
    public Optional<MediaFile> live(String id) {
        Instant now = clock.instant();
        return find(id).filter(f -> f.liveAt(now));
    }

    /** Forgets a file and deletes its bytes; false when there was none. */
    public boolean delete(String id) {
        MediaFile file = id == null ? null : files.remove(id);
        if (file == null) {
            return false;
        }
        deleteQuietly(file.path());
        return true;
    }

    /** Deletes the files that expired more than an hour ago. */
    public void purge() {
        Instant cutoff = clock.instant().minus(PURGE_AFTER);
        files.values().stream().filter(f -> f.expiresAt().isBefore(cutoff)).map(MediaFile::id).toList()
                .forEach(this::delete);
    }

    public InputStream open(MediaFile file) throws IOException {
        return Files.newInputStream(file.path());
    }

    /** Deletes every file (and the directory when it is the store's own). */
    @Override
    public void close() {
        files.keySet().forEach(this::delete);
        if (ownsDirectory) {
            try (Stream<Path> left = Files.list(directory)) {
                left.forEach(MediaStore::deleteQuietly);
            } catch (IOException e) {
                log.warn("media directory {} not emptied: {}", directory, e.toString());
            }
            deleteQuietly(directory);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("media file {} not deleted: {}", path, e.toString());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
