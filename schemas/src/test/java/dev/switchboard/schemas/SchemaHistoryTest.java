package dev.switchboard.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's guard on the event contracts: every current schema must be a released version (kept in
 * src/main/avro-history) and FULL_TRANSITIVE compatible with every earlier one.
 *
 * <p>To release a changed schema, run {@code ./mvnw -pl schemas test -Dtest=SchemaHistoryTest
 * -Dschemas.freeze=true}: it writes the next version file for each changed schema that is compatible, and
 * nothing for one that is not. Review and commit the new file with the change.
 */
class SchemaHistoryTest {

    private static final Path HISTORY_SOURCES = Path.of("src/main/avro-history");

    static Stream<Schema> currentSchemas() {
        return Topics.eventSchemas().stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("currentSchemas")
    void currentSchemaIsFullyTransitivelyCompatibleWithEveryReleasedVersion(Schema current) {
        List<Schema> released = SchemaCatalog.released().versions(current.getFullName());
        assertThat(Compatibility.problems(current, released))
                .as("%s must stay readable by and able to read every released version", current.getFullName())
                .isEmpty();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("currentSchemas")
    void currentSchemaIsReleased(Schema current) throws IOException {
        List<Schema> released = SchemaCatalog.released().versions(current.getFullName());
        boolean isLatest = !released.isEmpty() && released.get(released.size() - 1).equals(current);
        if (!isLatest && Boolean.getBoolean("schemas.freeze")
                && Compatibility.problems(current, released).isEmpty()) {
            Path file = HISTORY_SOURCES.resolve(
                    SchemaCatalog.historyPath(current.getFullName(), released.size() + 1).substring("avro-history/".length()));
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.toString(true) + "\n");
            return;
        }
        assertThat(isLatest)
                .as("%s has changed since its last released version (v%d). Freeze it as v%d with "
                                + "-Dschemas.freeze=true (see schemas/README.md).",
                        current.getFullName(), released.size(), released.size() + 1)
                .isTrue();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("currentSchemas")
    void everyReleasedVersionIsCompatibleWithTheOnesBeforeIt(Schema current) {
        List<Schema> released = SchemaCatalog.released().versions(current.getFullName());
        for (int i = 1; i < released.size(); i++) {
            assertThat(released.get(i)).as("v%d of %s must differ from v%d", i + 1, current.getFullName(), i)
                    .isNotEqualTo(released.get(i - 1));
            assertThat(Compatibility.problems(released.get(i), released.subList(0, i)))
                    .as("v%d of %s", i + 1, current.getFullName()).isEmpty();
        }
    }
}
