package dev.switchboard.ingress.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import dev.switchboard.events.Provider;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.channel.ChannelSettings;
import dev.switchboard.ingress.channel.ChannelSettings.Channel;
import dev.switchboard.ingress.channel.ChannelSettings.Dialog360;
import dev.switchboard.ingress.channel.ChannelSettings.Meta;
import dev.switchboard.ingress.channel.ChannelSettings.ProviderKind;
import dev.switchboard.ingress.channel.ChannelSettings.Twilio;
import dev.switchboard.ingress.channel.LiveChannels;
import dev.switchboard.ingress.channel.Secret;
import dev.switchboard.ingress.parsing.WebhookParsing;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.fuzz.Mutation;
import dev.switchboard.testing.fuzz.WebhookMutator;
import dev.switchboard.testing.fuzz.WebhookMutator.Format;

/**
 * The parser fuzz: mutated fixtures (test-support's {@link WebhookMutator}) through {@link WebhookParsing#parse}, the
 * one entry ingress's handlers and the admin tool's reparse use, each event serialised as Kafka would get it.
 * Meta and peer fixtures go in as Meta and as 360dialog bodies, Twilio forms as messages and as status callbacks.
 *
 * <p>A crash is any {@link Throwable} out of parse or serialisation; a safety-net catch is a problem the parsers
 * report only when a bug was caught ({@code parser failure}, {@code unexpected}, {@code form body could not be
 * mapped}); a hang is a body that takes longer than the budget plus 2 s per MB of body (seen by a watchdog thread:
 * a body of thousands of messages takes its time, linearly, on a shared core). Each is saved under
 * {@code <out>/crashes/} with its seed and index: {@code -Dfuzz.seed=S -Dfuzz.from=I -Dfuzz.bodies=1} makes it again.
 *
 * <p>Run: {@code ./mvnw -pl ingress-service -am -Pfuzz verify -DskipTests [-Dfuzz.bodies=1000000 -Dfuzz.seed=...]}
 * (ingress README, "Fuzz"); exits 1 on any crash, safety-net catch or hang.
 */
public final class ParserFuzz {

    /** Problems the parsers only report when their safety net caught an exception: a bug, not the input. */
    private static final List<String> BUG_MARKERS = List.of("unexpected ", "parser failure", "form body could not be mapped");
    private static final Duration GIVE_UP = Duration.ofSeconds(60);
    private static final int SAVED = 200;
    /** The time a body may take on top of the budget: 2 s per MB. */
    private static final long NANOS_PER_BYTE = 2_000;

    /** One way bodies go in: a format's mutator, the provider and channel it is parsed for, the path it was posted to. */
    private record Target(String name, WebhookMutator mutator, Provider provider, String channelId, String path) {
    }

    private record InFlight(long index, Target target, Mutation mutation, long startedNanos) {
    }

    /** Counts of one (target, mutation kind) row. */
    private static final class Row {
        long tried;
        long events;
        long crashes;
        long nets;
        long hangs;
        long bytes;
        long slowestNanos;
    }

    /** What a run found. */
    public record Result(long tried, long events, long crashes, long nets, long hangs, Duration took,
                         String slowest, List<String> failures) {
        public boolean passed() {
            return crashes == 0 && nets == 0 && hangs == 0;
        }
    }

    private final Map<String, Channel> channelsById;
    private final WebhookParsing parsing;
    private final List<Target> targets;
    private final Path outDir;
    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
    private final AtomicInteger saved = new AtomicInteger();

    /** Fuzz bodies from the fixtures in {@code fixtures} (meta/, peer/, twilio/); failures are saved under {@code outDir}. */
    public ParserFuzz(Path fixtures, Path outDir) {
        this.outDir = outDir;
        Meta shared = new Meta(List.of("106540352242922", "1122334455667"), Secret.of("fuzz-app-secret"), Secret.of("v"));
        this.channelsById = Map.of(
                "fuzz", new Channel(ProviderKind.META, shared, null, null),
                // shares the app secret: the fixtures' other numbers are routed to it
                "fuzz-routed", new Channel(ProviderKind.META, new Meta(List.of("109999999999999", "409552778964973"),
                        Secret.of("fuzz-app-secret"), Secret.of("v")), null, null),
                // another app: its number's changes are refused
                "fuzz-other", new Channel(ProviderKind.META, new Meta(List.of("123456789012345"),
                        Secret.of("other-app-secret"), Secret.of("v")), null, null),
                "fuzz-360", new Channel(ProviderKind.DIALOG360, null, null, new Dialog360(
                        List.of("106540352242922", "1122334455667", "109999999999999"), Secret.of("t"))),
                "fuzz-twilio", new Channel(ProviderKind.TWILIO, null, new Twilio(Secret.of("token"),
                        List.of("whatsapp:+14123456789", "whatsapp:+14155238886", "whatsapp:+15555550100"),
                        URI.create("https://hooks.example.com/webhooks/twilio/fuzz-twilio")), null));
        LiveChannels channels = new LiveChannels(new ChannelSettings(channelsById), ChannelKeys.none(),
                new StaticListableBeanFactory().getBeanProvider(ChannelFeed.class));
        this.parsing = new WebhookParsing(channels);
        List<byte[]> meta = new ArrayList<>(WebhookMutator.fixtures(fixtures.resolve("meta"), ".json"));
        meta.addAll(WebhookMutator.fixtures(fixtures.resolve("peer"), ".json"));
        WebhookMutator json = new WebhookMutator(Format.JSON, meta);
        WebhookMutator form = new WebhookMutator(Format.FORM, WebhookMutator.fixtures(fixtures.resolve("twilio"), ".txt"));
        Target metaTarget = new Target("meta", json, Provider.META, "fuzz", "/webhooks/whatsapp/fuzz");
        Target dialog = new Target("360dialog", json, Provider.DIALOG360, "fuzz-360", "/webhooks/360dialog/fuzz-360");
        Target twilio = new Target("twilio", form, Provider.TWILIO, "fuzz-twilio", "/webhooks/twilio/fuzz-twilio");
        Target status = new Target("twilio-status", form, Provider.TWILIO, "fuzz-twilio", "/webhooks/twilio/fuzz-twilio/status");
        // Of every ten bodies: 5 Meta, 2 360dialog, 2 Twilio messages, 1 Twilio status callback.
        this.targets = List.of(metaTarget, metaTarget, metaTarget, metaTarget, metaTarget, dialog, dialog, twilio, twilio, status);
    }

    public static void main(String[] args) throws Exception {
        long bodies = Long.getLong("fuzz.bodies", 1_000_000);
        long seed = Long.getLong("fuzz.seed", 20261206L);
        long from = Long.getLong("fuzz.from", 0);
        Duration budget = Duration.ofMillis(Long.getLong("fuzz.hangMillis", 2_000));
        Path fixtures = Path.of(System.getProperty("fuzz.fixtures", "src/test/resources/fixtures"));
        Path out = Path.of(System.getProperty("fuzz.outDir", "target/fuzz"));
        if (Files.isDirectory(out.resolve("crashes"))) { // a previous run's failures are not this run's
            try (Stream<Path> old = Files.list(out.resolve("crashes"))) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        }
        Result result = new ParserFuzz(fixtures, out).run(seed, from, bodies, budget, System.out);
        System.exit(result.passed() ? 0 : 1);
    }

    /**
     * Parses bodies {@code from} to {@code from + count - 1} of the run seeded {@code seed} on a thread of default
     * stack size (like the server's event loops), prints the table to {@code console} and returns the counts.
     */
    public Result run(long seed, long from, long count, Duration budget, PrintStream console) throws InterruptedException {
        Map<String, Row> rows = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        AtomicReference<InFlight> current = new AtomicReference<>();
        AtomicReference<String> slowest = new AtomicReference<>("none");
        long[] totals = new long[6]; // tried, events, crashes, nets, hangs, slowest nanos
        List<Long> hung = new ArrayList<>();
        Thread watchdog = new Thread(() -> watch(current, budget, seed, hung, console), "parser-fuzz-watchdog");
        watchdog.setDaemon(true);
        long started = System.nanoTime();
        Thread worker = new Thread(() -> {
            for (long index = from; index < from + count; index++) {
                Target target = targets.get((int) Math.floorMod(index, (long) targets.size()));
                Mutation mutation = target.mutator().mutate(seed, index);
                Row row = rows.computeIfAbsent(target.name() + " " + mutation.kind(), k -> new Row());
                InFlight flight = new InFlight(index, target, mutation, System.nanoTime());
                current.set(flight);
                try {
                    RawWebhook raw = raw(target, mutation, index);
                    ParsedWebhook parsed = parsing.parse(raw, channelsById.get(target.channelId()));
                    row.events += serialiseAll(raw, parsed);
                    String bug = parsed.problems().stream().filter(p -> BUG_MARKERS.stream().anyMatch(p::contains))
                            .findFirst().orElse(null);
                    if (bug != null) {
                        row.nets++;
                        failures.add(save("net", seed, flight, bug));
                    }
                } catch (Throwable e) {
                    row.crashes++;
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    failures.add(save("crash", seed, flight, trace.toString()));
                }
                current.set(null);
                if ((index - from + 1) % 100_000 == 0) {
                    console.printf("%d bodies, %.0f s%n", index - from + 1, (System.nanoTime() - started) / 1e9);
                }
                long took = System.nanoTime() - flight.startedNanos();
                row.tried++;
                row.bytes += mutation.body().length;
                row.slowestNanos = Math.max(row.slowestNanos, took);
                if (took > totals[5]) {
                    totals[5] = took;
                    slowest.set(String.format("%.1f ms: %s #%d %s", took / 1e6, target.name(), index, mutation));
                }
            }
        }, "parser-fuzz");
        watchdog.start();
        worker.start();
        worker.join();
        watchdog.interrupt();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        synchronized (hung) {
            for (long index : hung) {
                Target target = targets.get((int) Math.floorMod(index, (long) targets.size()));
                rows.get(target.name() + " " + target.mutator().mutate(seed, index).kind()).hangs++;
                failures.add("hang: " + target.name() + " #" + index);
            }
        }
        for (Row row : rows.values()) {
            totals[0] += row.tried;
            totals[1] += row.events;
            totals[2] += row.crashes;
            totals[3] += row.nets;
            totals[4] += row.hangs;
        }
        print(console, rows, seed, from, count, took, slowest.get(), totals);
        return new Result(totals[0], totals[1], totals[2], totals[3], totals[4], took, slowest.get(), failures);
    }

    private RawWebhook raw(Target target, Mutation mutation, long index) {
        return RawWebhook.newBuilder()
                .setWebhookId("fuzz-" + index)
                .setProvider(target.provider())
                .setChannelId(target.channelId())
                .setReceivedAt(Instant.parse("2026-12-06T12:00:00Z"))
                .setContentType(target.provider() == Provider.TWILIO ? "application/x-www-form-urlencoded" : "application/json")
                .setBody(ByteBuffer.wrap(mutation.body()))
                .setPath(target.path())
                .setHeaders(Map.of())
                .build();
    }

    /** Serialises the raw record and every event as the publisher sends them; returns the number of events. */
    private int serialiseAll(RawWebhook raw, ParsedWebhook parsed) {
        serializer.serialize(Topics.WEBHOOKS_RAW.name(), raw);
        List<ParsedWebhook.KeyedEvent<?>> events = parsed.keyedEvents();
        for (ParsedWebhook.KeyedEvent<?> event : events) {
            serializer.serialize(event.topic().name(), event.event());
        }
        return events.size();
    }

    /** Flags a body that runs past the budget (once), and ends the JVM if one never finishes. */
    private void watch(AtomicReference<InFlight> current, Duration budget, long seed, List<Long> hung, PrintStream console) {
        InFlight flagged = null;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            InFlight flight = current.get();
            if (flight == null) {
                continue;
            }
            long running = System.nanoTime() - flight.startedNanos();
            if (flight != flagged && running > budget.toNanos() + NANOS_PER_BYTE * flight.mutation().body().length) {
                flagged = flight;
                synchronized (hung) {
                    hung.add(flight.index());
                }
                console.println("HANG " + save("hang", seed, flight, "running for more than " + budget.toMillis()
                        + " ms + 2 s per MB"));
            }
            if (running > GIVE_UP.toNanos()) {
                console.println("HANG for more than " + GIVE_UP + ", giving up");
                console.flush();
                Runtime.getRuntime().halt(2);
            }
        }
    }

    /**
     * Saves the body and what happened under {@code <out>/crashes/} (the first {@value #SAVED} only); returns a
     * one-line description.
     */
    private String save(String what, long seed, InFlight flight, String detail) {
        String name = what + "-" + flight.target().name() + "-" + seed + "-" + flight.index();
        Path dir = outDir.resolve("crashes");
        try {
            if (saved.incrementAndGet() > SAVED) {
                return name + " (not saved: more than " + SAVED + ")";
            }
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".body"), flight.mutation().body());
            Files.writeString(dir.resolve(name + ".txt"), flight.target().name() + " " + flight.mutation() + "\n"
                    + "again: -Dfuzz.seed=" + seed + " -Dfuzz.from=" + flight.index() + " -Dfuzz.bodies=1\n" + detail + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String line = name + ": " + flight.mutation() + ": " + detail.lines().findFirst().orElse("");
        return line.length() > 400 ? line.substring(0, 400) + "…" : line;
    }

    private static void print(PrintStream out, Map<String, Row> rows, long seed, long from, long count, Duration took,
                              String slowest, long[] totals) {
        out.printf("%nParser fuzz: seed %d, bodies %d to %d, through WebhookParsing.parse%n", seed, from, from + count - 1);
        out.printf("%-14s %-18s %10s %10s %8s %6s %6s %10s %10s%n", "format", "mutation", "bodies", "events", "crashes",
                "nets", "hangs", "MB", "max ms");
        for (Map.Entry<String, Row> entry : rows.entrySet()) {
            String[] key = entry.getKey().split(" ");
            Row row = entry.getValue();
            out.printf("%-14s %-18s %10d %10d %8d %6d %6d %10.1f %10.1f%n", key[0], key[1], row.tried, row.events,
                    row.crashes, row.nets, row.hangs, row.bytes / 1e6, row.slowestNanos / 1e6);
        }
        long bytes = rows.values().stream().mapToLong(r -> r.bytes).sum();
        out.printf("%-14s %-18s %10d %10d %8d %6d %6d %10.1f %10.1f%n", "total", "", totals[0], totals[1], totals[2],
                totals[3], totals[4], bytes / 1e6, totals[5] / 1e6);
        double seconds = took.toNanos() / 1e9;
        out.printf("slowest body: %s%n", slowest);
        out.printf("took %.1f s: %.0f bodies/s, %.1f MB/s%n", seconds, totals[0] / seconds, bytes / 1e6 / seconds);
        out.printf("crashes %d, safety-net catches %d, hangs %d: %s%n", totals[2], totals[3], totals[4],
                totals[2] + totals[3] + totals[4] == 0 ? "PASSED" : "FAILED (bodies under target/fuzz/crashes/)");
    }
}
