package dev.switchboard.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded, structure-aware mutations of real webhook bodies (Meta's JSON, Twilio's forms), for fuzzing the parsers and
 * the running ingress. Each call {@link #mutate(long, long)} draws a seed body and a {@link MutationKind} (weighted)
 * and applies it at one of the seed's own field paths or parameters; the result depends only on the seed and the
 * index, so one failing body of a million can be made again alone.
 *
 * <p>JSON mutations work on Jackson's tree where it can express them (wrong types, missing fields, huge strings) and
 * splice text where it cannot: duplicate keys, nesting deeper than Jackson writes, numbers longer than it reads, bytes
 * that are not UTF-8, lone surrogate escapes. Bodies stay below {@link #MAX_BODY} (under ingress's 5 MB default) unless
 * {@link #withTooLarge(int)} asked for {@link MutationKind#TOO_LARGE} ones.
 */
public final class WebhookMutator {

    /** The seeds' format. */
    public enum Format { JSON, FORM }

    /** The largest body made, except a deliberately too large one: 4 MiB. */
    public static final int MAX_BODY = 4 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** A string the seeds never hold; its quoted JSON form is replaced by spliced bytes. */
    private static final String MARKER = "@@switchboard-fuzz-splice@@";
    private static final byte[] QUOTED_MARKER = ('"' + MARKER + '"').getBytes(StandardCharsets.US_ASCII);

    private static final byte[][] BAD_UTF8 = {
            {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
    private static final byte[][] MULTI_BYTE = {
            {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xE2, (byte) 0x82, (byte) 0xAC}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}};
    private static final String[] LONE_SURROGATES = {"\\uD800", "\\uDFFF", "\\uDBFF\\u0041", "\\uDC00\\uD800", "\\uD83D"};
    private static final String[] WRONG_JSON = {"null", "true", "false", "0", "-1", "1.5", "1e309", "-0",
            "9223372036854775808", "\"\"", "\"x\"", "\"99999999999999999999\"", "\"-1\"", "{}", "[]", "[null]",
            "{\"id\":{}}", "[1,\"a\",null,{}]", "\"\\u0000\"", "\"\uD83D\uDE00\""};
    private static final List<JsonNodeType> WRONG_JSON_TYPES = Arrays.stream(WRONG_JSON)
            .map(text -> JSON.readTree(text).getNodeType()).toList();
    private static final String[] PERCENT_DAMAGE = {"%", "%z", "%zz", "%4", "%%", "%G1", "%-1", "%0"};
    private static final String[] BAD_PERCENT_UTF8 = {"%FF", "%C3%28", "%ED%A0%80", "%F0%9F%98", "%E2%82", "%C0%AF", "%80"};
    private static final byte[][] RAW_FORM_BYTES = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
    private static final String[] WRONG_FORM = {"", "-1", "0", "99999999999999999999", "NaN", "Infinity", "1e309", "abc",
            "+", "1.5", "0x10", "true", "null", "whatsapp%3A", "whatsapp%3A%2B", "%2B", "whatsapp%3A%2Babc",
            "image%2F", "%3B%3B%3B", "http%3A%2F%2F", "-99999999999999999999.5"};

    private final Format format;
    private final List<byte[]> seeds;
    private final List<MutationKind> kinds;
    private final int[] cumulativeWeights;
    private final int tooLargeAbove;

    /** Mutations of {@code seeds} (each a whole body of {@code format}), below {@link #MAX_BODY}. */
    public WebhookMutator(Format format, List<byte[]> seeds) {
        this(format, seeds, -1);
    }

    private WebhookMutator(Format format, List<byte[]> seeds, int tooLargeAbove) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed bodies");
        }
        this.format = format;
        this.seeds = seeds.stream().map(byte[]::clone).toList();
        this.tooLargeAbove = tooLargeAbove;
        List<MutationKind> drawn = new ArrayList<>(MutationKind.of(format));
        if (tooLargeAbove > 0) {
            drawn.add(MutationKind.TOO_LARGE);
        }
        this.kinds = List.copyOf(drawn);
        this.cumulativeWeights = new int[kinds.size()];
        int sum = 0;
        for (int i = 0; i < kinds.size(); i++) {
            sum += kinds.get(i) == MutationKind.TOO_LARGE ? 10 : kinds.get(i).weight(); // too large: about 1 in 100
            cumulativeWeights[i] = sum;
        }
        if (format == Format.JSON) {
            this.seeds.forEach(JSON::readTree); // fails early on a seed that is not JSON
        }
    }

    /** The same mutator also making, now and then, a {@link MutationKind#TOO_LARGE} body of more than {@code limit} bytes. */
    public WebhookMutator withTooLarge(int limit) {
        return new WebhookMutator(format, seeds, limit);
    }

    /**
     * The seed bodies of a fixture folder: its files ending in {@code suffix}, by name, without the signature test
     * vectors ({@code *signature-test-vectors*}), which are not webhook bodies.
     */
    public static List<byte[]> fixtures(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            List<byte[]> bodies = new ArrayList<>();
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(suffix)
                    && !p.getFileName().toString().contains("signature-test-vectors")).sorted().toList()) {
                bodies.add(Files.readAllBytes(file));
            }
            return bodies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Format format() {
        return format;
    }

    /** The kinds this mutator draws from. */
    public List<MutationKind> kinds() {
        return kinds;
    }

    /** Body {@code index} of the run seeded {@code seed}: a weighted kind on a seed body, both drawn from the pair. */
    public Mutation mutate(long seed, long index) {
        Random random = random(seed, index);
        int draw = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
        int at = 0;
        while (cumulativeWeights[at] <= draw) {
            at++;
        }
        return mutate(random, kinds.get(at));
    }

    /** Body {@code index} of the run seeded {@code seed}, of the given kind. */
    public Mutation mutate(long seed, long index, MutationKind kind) {
        if (!kind.appliesTo(format)) {
            throw new IllegalArgumentException(kind + " does not apply to " + format + " bodies");
        }
        return mutate(random(seed, index), kind);
    }

    private Mutation mutate(Random random, MutationKind kind) {
        int seedIndex = random.nextInt(seeds.size());
        byte[] body = seeds.get(seedIndex);
        Mutation made = switch (kind) {
            case BYTE_DAMAGE -> byteDamage(random, body);
            case TRUNCATION -> new Mutation(kind, "at byte", Arrays.copyOf(body, random.nextInt(Math.max(1, body.length))));
            case RANDOM_BYTES -> randomBytes(random);
            case TOO_LARGE -> tooLarge(random, body);
            default -> format == Format.JSON ? new JsonMutations(random, body).apply(kind) : new FormMutations(random, body).apply(kind);
        };
        return new Mutation(made.kind(), "seed " + seedIndex + " " + made.label(), made.body());
    }

    private static Random random(long seed, long index) {
        return new Random(mix(seed * 0x9E3779B97F4A7C15L + index));
    }

    /** MurmurHash3's finaliser: neighbouring indexes give unrelated random sequences. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    // ------------------------------------------------------------------------------------------- both formats

    private static Mutation byteDamage(Random random, byte[] seed) {
        byte[] copy = seed.clone();
        int damages = 1 + random.nextInt(4);
        for (int i = 0; i < damages && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return new Mutation(MutationKind.BYTE_DAMAGE, damages + " bytes", copy);
    }

    private static Mutation randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(2_000)];
        random.nextBytes(bytes);
        return new Mutation(MutationKind.RANDOM_BYTES, "", bytes);
    }

    /** The seed with a filler value that takes it past the limit (a Meta field or a form parameter). */
    private Mutation tooLarge(Random random, byte[] seed) {
        int size = tooLargeAbove + 1 + random.nextInt(64 * 1024);
        byte[] filler = filler(random, size - seed.length + 64);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 128);
        if (format == Format.JSON) {
            out.writeBytes("{\"filler\":\"".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(filler);
            out.writeBytes("\",\"body\":".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(seed);
            out.write('}');
        } else {
            out.writeBytes(seed);
            out.writeBytes("&Filler=".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(filler);
        }
        return new Mutation(MutationKind.TOO_LARGE, out.size() + " bytes", out.toByteArray());
    }

    /** {@code size} printable ASCII bytes (letters and digits, safe in JSON strings and forms): a short random chunk repeated. */
    private static byte[] filler(Random random, int size) {
        byte[] chunk = new byte[61];
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        byte[] out = new byte[Math.max(0, size)];
        for (int i = 0; i < out.length; i += chunk.length) {
            System.arraycopy(chunk, 0, out, i, Math.min(chunk.length, out.length - i));
        }
        return out;
    }

    /** A size between 1 KB and {@code max}, log-uniform: mostly kilobytes, now and then megabytes. */
    private static int hugeSize(Random random, int max) {
        double low = Math.log(1024);
        double high = Math.log(Math.max(2048, max));
        return (int) Math.exp(low + random.nextDouble() * (high - low));
    }

    // ------------------------------------------------------------------------------------------- JSON

    /** A value in the seed's tree: its parent and name (object) or index (array), and its path for the label. */
    private record Slot(JsonNode parent, String name, int index, String path, JsonNode value) {

        void set(JsonNode replacement) {
            if (parent instanceof ObjectNode object) {
                object.set(name, replacement);
            } else {
                ((ArrayNode) parent).set(index, replacement);
            }
        }
    }

    private static final class JsonMutations {
        private final Random random;
        private final byte[] seed;
        private final JsonNode root;
        private final List<Slot> slots = new ArrayList<>();

        JsonMutations(Random random, byte[] seed) {
            this.random = random;
            this.seed = seed;
            this.root = JSON.readTree(seed);
            collect(root, "$");
        }

        private void collect(JsonNode node, String path) {
            if (node instanceof ObjectNode object) {
                for (String name : List.copyOf(object.propertyNames())) {
                    JsonNode child = object.get(name);
                    String childPath = path + "." + name;
                    slots.add(new Slot(object, name, -1, childPath, child));
                    collect(child, childPath);
                }
            } else if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    String childPath = path + "[" + i + "]";
                    slots.add(new Slot(array, null, i, childPath, array.get(i)));
                    collect(array.get(i), childPath);
                }
            }
        }

        Mutation apply(MutationKind kind) {
            if (slots.isEmpty()) { // a seed of {} or []: nothing to aim at, damage its bytes
                return byteDamage(random, seed);
            }
            return switch (kind) {
                case WRONG_TYPE -> wrongType();
                case MISSING_FIELD -> missingField();
                case HUGE_STRING -> hugeString();
                case LONG_ARRAY -> longArray();
                case DEEP_NESTING -> deepNesting();
                case LONG_NUMBER -> longNumber();
                case INVALID_UTF8 -> inString(kind, BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
                case TRUNCATED_UTF8 -> truncatedUtf8();
                case LONE_SURROGATE -> inString(kind, LONE_SURROGATES[random.nextInt(LONE_SURROGATES.length)]
                        .getBytes(StandardCharsets.US_ASCII));
                case DUPLICATE_KEY -> duplicateKey();
                default -> throw new IllegalArgumentException(kind + " is not a JSON mutation");
            };
        }

        private Slot anySlot() {
            return slots.get(random.nextInt(slots.size()));
        }

        /** A slot holding a string if the seed has one (most of a webhook's values are strings). */
        private Slot stringSlot() {
            for (int tries = 0; tries < 20; tries++) {
                Slot slot = anySlot();
                if (slot.value().isString()) {
                    return slot;
                }
            }
            return anySlot();
        }

        private Mutation wrongType() {
            Slot slot = anySlot();
            String replacement = differentType(slot.value());
            return splice(MutationKind.WRONG_TYPE, slot, slot.path() + "=" + replacement, bytes(replacement));
        }

        /** JSON text of a value whose type differs from {@code original}'s (a string of digits counts as a string). */
        private String differentType(JsonNode original) {
            for (int tries = 0; tries < 10; tries++) {
                int candidate = random.nextInt(WRONG_JSON.length);
                if (WRONG_JSON_TYPES.get(candidate) != original.getNodeType()) {
                    return WRONG_JSON[candidate];
                }
            }
            return original.isString() ? "{}" : "\"x\"";
        }

        private Mutation missingField() {
            List<String> removed = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                Slot slot = anySlot();
                if (slot.parent() instanceof ObjectNode object && object.has(slot.name())) {
                    object.remove(slot.name());
                    removed.add(slot.path());
                }
            }
            return new Mutation(MutationKind.MISSING_FIELD, String.join(",", removed), JSON.writeValueAsBytes(root));
        }

        private Mutation hugeString() {
            Slot slot = stringSlot();
            int size = hugeSize(random, MAX_BODY - seed.length - 16);
            byte[] value = new byte[size + 2];
            value[0] = '"';
            System.arraycopy(filler(random, size), 0, value, 1, size);
            value[size + 1] = '"';
            return splice(MutationKind.HUGE_STRING, slot, slot.path() + " " + size + " chars", value);
        }

        private Mutation longArray() {
            List<Slot> arrays = slots.stream().filter(s -> s.value().isArray() && !s.value().isEmpty()).toList();
            if (arrays.isEmpty()) {
                return hugeString();
            }
            Slot slot = arrays.get(random.nextInt(arrays.size()));
            byte[] element = JSON.writeValueAsBytes(slot.value().get(random.nextInt(slot.value().size())));
            int size = hugeSize(random, MAX_BODY - seed.length - 16);
            int count = Math.max(2, size / (element.length + 1));
            ByteArrayOutputStream out = new ByteArrayOutputStream(count * (element.length + 1) + 2);
            out.write('[');
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.writeBytes(element);
            }
            out.write(']');
            return splice(MutationKind.LONG_ARRAY, slot, slot.path() + " x" + count, out.toByteArray());
        }

        private Mutation deepNesting() {
            Slot slot = anySlot();
            int depth = 400 + random.nextInt(201);
            String[][] styles = {{"[", "]"}, {"{\"a\":", "}"}, {"[{\"value\":", "}]"}};
            int style = random.nextInt(styles.length);
            int levels = style == 2 ? depth / 2 : depth;
            String inner = slot.value().isContainer() || slot.value().isNull() ? "1" : slot.value().toString();
            String text = styles[style][0].repeat(levels) + inner + styles[style][1].repeat(levels);
            return splice(MutationKind.DEEP_NESTING, slot, slot.path() + " depth " + depth, bytes(text));
        }

        private Mutation longNumber() {
            Slot slot = anySlot();
            int digits = 500 + random.nextInt(2_500);
            StringBuilder number = new StringBuilder(digits + 8);
            if (random.nextBoolean()) {
                number.append('-');
            }
            number.append(1 + random.nextInt(9));
            for (int i = 1; i < digits; i++) {
                number.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextBoolean()) {
                number.append(".5e").append(random.nextInt(1000));
            }
            return splice(MutationKind.LONG_NUMBER, slot, slot.path() + " " + digits + " digits", bytes(number.toString()));
        }

        /** A string at a string slot: the start of its old value, {@code inserted} (raw bytes), the rest. */
        private Mutation inString(MutationKind kind, byte[] inserted) {
            Slot slot = stringSlot();
            byte[] quoted = JSON.writeValueAsBytes(slot.value().isString() ? slot.value() : NODES.stringNode("text"));
            int cut = 1 + random.nextInt(quoted.length - 1); // after the opening quote, before the closing one
            while (cut < quoted.length - 1 && (quoted[cut] & 0xC0) == 0x80) {
                cut++; // not inside one of the old value's own characters
            }
            if (quoted[cut - 1] == '\\') {
                cut--; // not between a backslash and what it escapes
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(quoted.length + inserted.length);
            out.write(quoted, 0, cut);
            out.writeBytes(inserted);
            out.write(quoted, cut, quoted.length - cut);
            return splice(kind, slot, slot.path() + " " + hex(inserted), out.toByteArray());
        }

        private Mutation truncatedUtf8() {
            byte[] character = MULTI_BYTE[random.nextInt(MULTI_BYTE.length)];
            return inString(MutationKind.TRUNCATED_UTF8, Arrays.copyOf(character, 1 + random.nextInt(character.length - 1)));
        }

        /** The field written twice: {@code "name":first,"name":second}, one of them its old value. */
        private Mutation duplicateKey() {
            List<Slot> fields = slots.stream().filter(s -> s.name() != null).toList();
            if (fields.isEmpty()) {
                return wrongType();
            }
            Slot slot = fields.get(random.nextInt(fields.size()));
            String old = JSON.writeValueAsString(slot.value());
            String other = switch (random.nextInt(3)) {
                case 0 -> old;
                case 1 -> differentType(slot.value());
                default -> JSON.writeValueAsString(NODES.stringNode("dup-" + random.nextInt(1000)));
            };
            boolean oldFirst = random.nextBoolean();
            String text = (oldFirst ? old : other) + "," + JSON.writeValueAsString(NODES.stringNode(slot.name())) + ":"
                    + (oldFirst ? other : old);
            return splice(MutationKind.DUPLICATE_KEY, slot, slot.path() + (oldFirst ? " then " : " after ") + other,
                    bytes(text));
        }

        /** The seed with {@code slot}'s value replaced by the raw bytes {@code value}. */
        private Mutation splice(MutationKind kind, Slot slot, String label, byte[] value) {
            slot.set(NODES.stringNode(MARKER));
            byte[] written = JSON.writeValueAsBytes(root);
            int at = indexOf(written, QUOTED_MARKER);
            ByteArrayOutputStream out = new ByteArrayOutputStream(written.length + value.length);
            out.write(written, 0, at);
            out.writeBytes(value);
            out.write(written, at + QUOTED_MARKER.length, written.length - at - QUOTED_MARKER.length);
            return new Mutation(kind, label, out.toByteArray());
        }
    }

    // ------------------------------------------------------------------------------------------- forms

    private static final class FormMutations {
        private final Random random;
        private final List<String> pairs;

        FormMutations(Random random, byte[] seed) {
            this.random = random;
            // ISO-8859-1 maps every byte to one char and back: raw bytes survive the round trip.
            this.pairs = new ArrayList<>(List.of(new String(seed, StandardCharsets.ISO_8859_1).split("&", -1)));
        }

        Mutation apply(MutationKind kind) {
            return switch (kind) {
                case MISSING_PARAM -> missing();
                case DUPLICATE_PARAM -> duplicate();
                case BAD_PERCENT -> insert(kind, PERCENT_DAMAGE[random.nextInt(PERCENT_DAMAGE.length)]);
                case WRONG_VALUE -> replaceValue(kind, WRONG_FORM[random.nextInt(WRONG_FORM.length)]);
                case HUGE_VALUE -> hugeValue();
                case INVALID_UTF8_VALUE -> random.nextBoolean()
                        ? insert(kind, BAD_PERCENT_UTF8[random.nextInt(BAD_PERCENT_UTF8.length)])
                        : insert(kind, new String(RAW_FORM_BYTES[random.nextInt(RAW_FORM_BYTES.length)], StandardCharsets.ISO_8859_1));
                default -> throw new IllegalArgumentException(kind + " is not a form mutation");
            };
        }

        private int anyPair() {
            return random.nextInt(pairs.size());
        }

        private static String name(String pair) {
            int eq = pair.indexOf('=');
            return eq < 0 ? pair : pair.substring(0, eq);
        }

        private Mutation missing() {
            List<String> removed = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0 && !pairs.isEmpty(); i--) {
                removed.add(name(pairs.remove(anyPair())));
            }
            return done(MutationKind.MISSING_PARAM, String.join(",", removed));
        }

        private Mutation duplicate() {
            String pair = pairs.get(anyPair());
            String copy = random.nextBoolean() ? pair : name(pair) + "=" + WRONG_FORM[random.nextInt(WRONG_FORM.length)];
            pairs.add(random.nextInt(pairs.size() + 1), copy);
            return done(MutationKind.DUPLICATE_PARAM, name(pair));
        }

        /** {@code text} inserted at a random place of a random pair (name or value). */
        private Mutation insert(MutationKind kind, String text) {
            int at = anyPair();
            String pair = pairs.get(at);
            int cut = random.nextInt(pair.length() + 1);
            pairs.set(at, pair.substring(0, cut) + text + pair.substring(cut));
            return done(kind, name(pair) + " " + hex(text.getBytes(StandardCharsets.ISO_8859_1)));
        }

        private Mutation replaceValue(MutationKind kind, String value) {
            int at = anyPair();
            String name = name(pairs.get(at));
            if (pairs.get(at).equals(name + "=" + value)) {
                value = value + value + "x"; // a value of another kind still, never the seed's own
            }
            pairs.set(at, name + "=" + value);
            return done(kind, name + "=" + value);
        }

        private Mutation hugeValue() {
            int at = anyPair();
            String name = name(pairs.get(at));
            int size = hugeSize(random, MAX_BODY - 4096);
            String value = new String(filler(random, size), StandardCharsets.ISO_8859_1);
            pairs.set(at, name + "=" + (random.nextBoolean() ? value : value.replace("a", "%F0%9F%98%80")));
            return done(MutationKind.HUGE_VALUE, name + " " + size + " chars");
        }

        private Mutation done(MutationKind kind, String label) {
            byte[] body = String.join("&", pairs).getBytes(StandardCharsets.ISO_8859_1);
            if (body.length > MAX_BODY) {
                body = Arrays.copyOf(body, MAX_BODY);
            }
            return new Mutation(kind, label, body);
        }
    }

    // ------------------------------------------------------------------------------------------- bytes

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b & 0xFF));
        }
        return hex.toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("splice marker not found");
    }
}
