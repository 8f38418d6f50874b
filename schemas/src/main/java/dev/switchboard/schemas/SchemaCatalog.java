package dev.switchboard.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of every event schema, as shipped in this jar under
 * {@code avro-history/<full name>/v<N>.avsc}. This is what replaces a schema registry: a consumer can decode
 * any event whose writer schema is in here, so consumers are upgraded before producers.
 */
public final class SchemaCatalog implements SchemaStore {

    private static final String HISTORY_ROOT = "avro-history/";

    private final Map<String, List<Schema>> versionsByName;
    private final Map<Long, Schema> byFingerprint;

    private SchemaCatalog(Map<String, List<Schema>> versionsByName) {
        this.versionsByName = Map.copyOf(versionsByName);
        Map<Long, Schema> fingerprints = new HashMap<>();
        versionsByName.values().forEach(list -> list.forEach(s -> fingerprints.putIfAbsent(fingerprint(s), s)));
        this.byFingerprint = Map.copyOf(fingerprints);
    }

    private static final class Released {
        static final SchemaCatalog INSTANCE = load(Topics.eventSchemas());
    }

    /** The released history of every event type in {@link Topics}. */
    public static SchemaCatalog released() {
        return Released.INSTANCE;
    }

    /** Loads the released history of the given top-level schemas from the classpath. */
    static SchemaCatalog load(Collection<Schema> eventSchemas) {
        Map<String, List<Schema>> versions = new HashMap<>();
        for (Schema current : eventSchemas) {
            versions.put(current.getFullName(), loadHistory(current.getFullName()));
        }
        return new SchemaCatalog(versions);
    }

    private static List<Schema> loadHistory(String fullName) {
        List<Schema> history = new ArrayList<>();
        ClassLoader loader = SchemaCatalog.class.getClassLoader();
        for (int version = 1; ; version++) {
            String path = historyPath(fullName, version);
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    return List.copyOf(history);
                }
                history.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + path, e);
            }
        }
    }

    /** Where version {@code version} of a schema is kept, relative to the history root. */
    public static String historyPath(String fullName, int version) {
        return HISTORY_ROOT + fullName + "/v" + version + ".avsc";
    }

    /** A catalogue that also knows these writer schemas (for tests and tools that read foreign writers). */
    public SchemaCatalog with(Schema... additionalWriters) {
        Map<String, List<Schema>> versions = new HashMap<>(versionsByName);
        for (Schema writer : additionalWriters) {
            List<Schema> list = new ArrayList<>(versions.getOrDefault(writer.getFullName(), List.of()));
            list.add(writer);
            versions.put(writer.getFullName(), List.copyOf(list));
        }
        return new SchemaCatalog(versions);
    }

    /** The released versions of a schema, oldest first; empty if it was never released. */
    public List<Schema> versions(String fullName) {
        return versionsByName.getOrDefault(fullName, List.of());
    }

    /** True if events written with this exact schema can be decoded. */
    public boolean knows(Schema schema) {
        return byFingerprint.containsKey(fingerprint(schema));
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    public Optional<Schema> find(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** The CRC-64-AVRO fingerprint of the schema's parsing canonical form, as single-object encoding uses it. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
