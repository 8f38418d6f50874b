package dev.switchboard.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The resources {@code kubectl kustomize <dir>} renders, as trees. */
final class Rendered {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final String name;
    final List<JsonNode> resources;

    private Rendered(String name, List<JsonNode> resources) {
        this.name = name;
        this.resources = List.copyOf(resources);
    }

    /**
     * Renders a kustomization with the kubectl on the PATH. Fails (never skips) when kubectl is missing: the build
     * must not pass without having looked at the manifests.
     */
    static Rendered kustomize(Path dir) {
        // -Ddeploy.kubectl=/path/to/kubectl picks another one than the PATH's
        String kubectl = System.getProperty("deploy.kubectl", "kubectl");
        Process process;
        try {
            process = new ProcessBuilder(kubectl, "kustomize", dir.toString()).start();
        } catch (IOException e) {
            throw new AssertionError(kubectl + " is needed to render " + dir + " (kubectl kustomize) but could not be run: "
                    + e.getMessage() + ". Install kubectl 1.27 or newer (it includes kustomize) and put it on the PATH;"
                    + " this test is not skipped without it.", e);
        }
        try {
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] out = readAll(process.getInputStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                        + new String(err.join(), StandardCharsets.UTF_8));
            }
            List<JsonNode> resources = new ArrayList<>();
            try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
                docs.forEachRemaining(doc -> {
                    if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                        resources.add(doc);
                    }
                });
            }
            return new Rendered(dir.getFileName().toString(), resources);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + dir, e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in; var buffer = new ByteArrayOutputStream()) {
            in.transferTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Stream<JsonNode> kind(String kind) {
        return resources.stream().filter(r -> kind.equals(r.path("kind").asText()));
    }

    Optional<JsonNode> find(String kind, String name) {
        return kind(kind).filter(r -> name.equals(name(r))).findFirst();
    }

    static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    static String id(JsonNode resource) {
        return resource.path("kind").asText() + "/" + name(resource);
    }

    /** Every element of a list-valued field, none if absent. */
    static Stream<JsonNode> each(JsonNode list) {
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        return items.stream();
    }
}
