package dev.switchboard.schemas;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * FULL_TRANSITIVE compatibility: a candidate schema must read data written with every earlier version, and every
 * earlier version must read data written with the candidate. Old consumers keep working with new producers and
 * new consumers replay old topics.
 */
public final class Compatibility {

    private Compatibility() {
    }

    /** Every problem that keeps {@code candidate} from being fully compatible with each of {@code earlier}. */
    public static List<String> problems(Schema candidate, List<Schema> earlier) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < earlier.size(); i++) {
            Schema old = earlier.get(i);
            String version = "v" + (i + 1);
            describe(problems, "new readers cannot read data written with " + version,
                    SchemaCompatibility.checkReaderWriterCompatibility(candidate, old));
            describe(problems, version + " readers cannot read data written with the new schema",
                    SchemaCompatibility.checkReaderWriterCompatibility(old, candidate));
        }
        return problems;
    }

    private static void describe(List<String> problems, String direction,
                                 SchemaCompatibility.SchemaPairCompatibility result) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + " (" + incompatibility.getMessage() + ")");
        }
    }
}
