package dev.switchboard.admin.dlt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;

import dev.switchboard.schemas.EventDeserializer;

/**
 * What {@code dlt show} prints of one dead letter: where and when it was parked, its key, its headers (the
 * recoverer's decoded, the stack trace left out), and its value as Avro JSON when it decodes, else its size and
 * first bytes in hex.
 */
public final class Describe {

    static final int HEX_BYTES = 64;
    private static final Set<String> LONG_HEADERS = Set.of(DeadLetter.ORIGINAL_OFFSET);
    private static final Set<String> TIME_HEADERS = Set.of(DeadLetter.ORIGINAL_TIMESTAMP);

    private final EventDeserializer<SpecificRecord> events = new EventDeserializer<>();

    public List<String> lines(DeadLetter deadLetter) {
        List<String> lines = new ArrayList<>();
        lines.add(deadLetter.where() + " parked " + deadLetter.timestamp() + " key "
                + (deadLetter.key() == null ? "(none)" : deadLetter.key()));
        for (Header header : deadLetter.headers()) {
            if (header.key().equals(DeadLetter.EXCEPTION_STACKTRACE)) {
                continue;
            }
            lines.add("  " + header.key() + ": " + headerText(header));
        }
        lines.add("  value: " + value(deadLetter));
        return lines;
    }

    private String value(DeadLetter deadLetter) {
        byte[] bytes = deadLetter.value();
        if (bytes == null) {
            return "(null)";
        }
        try {
            SpecificRecord event = events.deserialize(deadLetter.topic(), bytes);
            return event.getSchema().getFullName() + " " + event;
        } catch (RuntimeException e) {
            return "undecodable, " + bytes.length + " bytes (" + e.getMessage() + "): " + hex(bytes);
        }
    }

    static String hex(byte[] bytes) {
        int shown = Math.min(bytes.length, HEX_BYTES);
        String hex = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown);
        return bytes.length > shown ? hex + " ..." : hex;
    }

    private static String headerText(Header header) {
        byte[] bytes = header.value();
        if (bytes == null) {
            return "(null)";
        }
        if (header.key().equals(DeadLetter.ORIGINAL_PARTITION) && bytes.length == Integer.BYTES) {
            return String.valueOf(ByteBuffer.wrap(bytes).getInt());
        }
        if (LONG_HEADERS.contains(header.key()) && bytes.length == Long.BYTES) {
            return String.valueOf(ByteBuffer.wrap(bytes).getLong());
        }
        if (TIME_HEADERS.contains(header.key()) && bytes.length == Long.BYTES) {
            return Instant.ofEpochMilli(ByteBuffer.wrap(bytes).getLong()).toString();
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            // one line per header: an exception message may span several
            return text.replace("\r", "\\r").replace("\n", "\\n");
        } catch (CharacterCodingException e) {
            return "(" + bytes.length + " bytes) " + hex(bytes);
        }
    }
}
