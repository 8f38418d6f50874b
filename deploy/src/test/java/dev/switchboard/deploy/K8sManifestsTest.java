package dev.switchboard.deploy;

import static dev.switchboard.deploy.Rendered.each;
import static dev.switchboard.deploy.Rendered.id;
import static dev.switchboard.deploy.Rendered.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;

/**
 * Renders base/ and every overlay with {@code kubectl kustomize} and checks what a cluster would get against the
 * services (ports, environment, shutdown), their Jib images and the topic catalogue of {@code schemas}.
 */
class K8sManifestsTest {

    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";
    /** Keys that name a credential: never in a ConfigMap, never a literal in a Deployment. */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(secret|token|password|passwd|credential|private[-_.]?key|api[-_.]?key|access[-_.]?key).*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)(:[^}]*)?}");
    /** The services deployed: each is a module that builds its image with Jib. */
    private static final Set<String> SERVICES =
            Set.of("ingress-service", "ticket-service", "outbound-service", "reminder-service", "media-service");
    /** Services that bind channel credentials (app secret, verify/access/auth tokens) from channels.yml. */
    /** Modules that build an image but are no service: the operators' tool, deployed as an idle toolbox. */
    private static final String ADMIN_TOOL = "admin-cli";
    private static final String TOOLBOX = "switchboard-admin";
    private static final Set<String> CHANNEL_SECRET_READERS = Set.of("ingress-service", "outbound-service", "media-service");
    private static final Set<String> CONSUMERS =
            Set.of("ticket-service", "outbound-service", "reminder-service", "media-service");
    /** Services that keep or read attachments in the object store (media-store). */
    private static final Set<String> STORE_USERS = Set.of("ticket-service", "outbound-service", "media-service");
    /** The store's settings a service may be given: media-store's properties, bound without placeholders. */
    private static final Set<String> STORE_VARIABLES =
            Project.relaxedVariables("media-store", "dev/switchboard/store/MediaStoreProperties.java");
    private static final String STORE_BUCKET = "SWITCHBOARD_MEDIA_BUCKET";
    private static final String STORE_ENDPOINT = "SWITCHBOARD_MEDIA_STORE_ENDPOINT";
    private static final String STORE_SPOOL = "SWITCHBOARD_MEDIA_STORE_SPOOLDIR";
    /** The largest file a service keeps (a document, media-service's limits). */
    private static final long LARGEST_FILE = 100L * 1024 * 1024;
    /** Addresses on the internet: Meta's Graph API and CDN, Twilio, AWS S3 (public ranges of each). */
    private static final String META = "157.240.22.35";
    private static final String AWS_S3 = "52.216.0.1";

    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();
    private static final Map<String, String> IMAGES = Project.jibImages();
    /** The image of every service: Jib's, or for a module written on another branch, the one Jib would name. */
    private static final Map<String, String> SERVICE_IMAGES = SERVICES.stream()
            .collect(Collectors.toMap(s -> s, s -> IMAGES.getOrDefault(s, Project.jibImage(s))));

    private static Rendered render(String dir) {
        return RENDERED.computeIfAbsent(dir, d -> Rendered.kustomize(Project.K8S.resolve(d)));
    }

    @Test
    void theServicesAreTheModulesThatBuildAnImage() {
        assertThat(SERVICES).as("services deployed").containsAll(IMAGES.keySet().stream()
                .filter(module -> !module.equals(ADMIN_TOOL)).toList());
        assertThat(SERVICES.stream().filter(s -> !IMAGES.containsKey(s)))
                .as("modules of deployed services that do not build an image with Jib").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyServiceHasADeploymentServicePodDisruptionBudgetAndConfigMap(String dir) {
        Rendered r = render(dir);
        assertThat(services(r).map(Rendered::name)).as(dir + ": Deployments").containsExactlyInAnyOrderElementsOf(SERVICES);
        problems(dir, r, (d, problems) -> {
            String svc = name(d);
            JsonNode podLabels = d.at("/spec/template/metadata/labels");
            if (!matches(d.at("/spec/selector/matchLabels"), podLabels)) {
                problems.add(svc + ": the Deployment's selector does not match its pods");
            }
            int port = httpPort(d);
            boolean served = r.kind("Service").anyMatch(s -> matches(s.at("/spec/selector"), podLabels)
                    && each(s.at("/spec/ports")).anyMatch(p -> resolvesTo(p.path("targetPort"), d, port)));
            if (!served) {
                problems.add(svc + ": no Service selects its pods and targets port " + port);
            }
            boolean budgeted = r.kind("PodDisruptionBudget")
                    .anyMatch(p -> matches(p.at("/spec/selector/matchLabels"), podLabels));
            if (!budgeted) {
                problems.add(svc + ": no PodDisruptionBudget selects its pods");
            }
            if (ownConfigMap(r, d).isEmpty()) {
                problems.add(svc + ": no ConfigMap of its own (named " + svc + ") in envFrom");
            }
            Stream.concat(each(container(d).path("envFrom")).map(e -> e.at("/configMapRef/name")),
                            each(d.at("/spec/template/spec/volumes")).map(v -> v.at("/configMap/name")))
                    .filter(n -> !n.isMissingNode())
                    .filter(n -> r.find("ConfigMap", n.asText()).isEmpty())
                    .forEach(n -> problems.add(svc + ": ConfigMap " + n.asText() + " is referenced but not defined"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyServiceIsProbedOnTheActuatorPathsOfItsPort(String dir) {
        Rendered r = render(dir);
        problems(dir, r, (d, problems) -> {
            String svc = name(d);
            JsonNode c = container(d);
            int port = httpPort(d);
            Matcher defaultPort = Pattern.compile("port: \\$\\{SERVER_PORT:(\\d+)}").matcher(Project.applicationYml(svc));
            if (!defaultPort.find() || Integer.parseInt(defaultPort.group(1)) != port) {
                problems.add(svc + ": container port " + port + " is not the service's server.port default");
            }
            String configured = env(r, d).get("SERVER_PORT");
            if (configured != null && Integer.parseInt(configured) != port) {
                problems.add(svc + ": SERVER_PORT " + configured + " but the container port is " + port);
            }
            probe(c, "livenessProbe", LIVENESS, d, port, problems);
            probe(c, "readinessProbe", READINESS, d, port, problems);
            if (c.has("startupProbe")) {
                probe(c, "startupProbe", LIVENESS, d, port, problems);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyServiceHasCpuAndMemoryRequestsAndLimits(String dir) {
        problems(dir, render(dir), (d, problems) -> {
            JsonNode resources = container(d).path("resources");
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (resources.path(bound).path(resource).asText().isBlank()) {
                        problems.add(name(d) + ": no " + bound + "." + resource);
                    }
                }
            }
            // The JVM sizes its heap from the limit (MaxRAMPercentage): a smaller request would be overcommitted.
            if (!resources.at("/requests/memory").asText().equals(resources.at("/limits/memory").asText())) {
                problems.add(name(d) + ": memory request " + resources.at("/requests/memory").asText() + " is not its limit "
                        + resources.at("/limits/memory").asText());
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyServiceRunsAsNonRootOnAReadOnlyFilesystemWithoutPrivileges(String dir) {
        problems(dir, render(dir), (d, problems) -> {
            String svc = name(d);
            JsonNode pod = d.at("/spec/template/spec");
            JsonNode c = container(d);
            if (!pod.at("/securityContext/runAsNonRoot").asBoolean(false)
                    && !c.at("/securityContext/runAsNonRoot").asBoolean(false)) {
                problems.add(svc + ": runAsNonRoot is not true");
            }
            if (pod.at("/securityContext/runAsUser").asInt(1) == 0 || c.at("/securityContext/runAsUser").asInt(1) == 0) {
                problems.add(svc + ": runs as uid 0");
            }
            if (!c.at("/securityContext/readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(svc + ": readOnlyRootFilesystem is not true");
            }
            if (c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(svc + ": allowPrivilegeEscalation is not false");
            }
            if (each(c.at("/securityContext/capabilities/drop")).noneMatch(x -> x.asText().equals("ALL"))) {
                problems.add(svc + ": capabilities are not dropped (drop: [ALL])");
            }
            if (each(c.at("/securityContext/capabilities/add")).findAny().isPresent()) {
                problems.add(svc + ": adds capabilities");
            }
            // The JVM needs a writable /tmp when the root filesystem is read-only.
            boolean tmp = each(c.path("volumeMounts")).anyMatch(m -> m.path("mountPath").asText().equals("/tmp")
                    && each(pod.path("volumes")).anyMatch(v -> v.path("name").equals(m.path("name")) && v.has("emptyDir")));
            if (!tmp) {
                problems.add(svc + ": no emptyDir mounted at /tmp");
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyServiceGetsTimeToShutDownGracefully(String dir) {
        problems(dir, render(dir), (d, problems) -> {
            String svc = name(d);
            Matcher phase = Pattern.compile("timeout-per-shutdown-phase: (\\d+)s").matcher(Project.applicationYml(svc));
            if (!Project.applicationYml(svc).contains("shutdown: graceful") || !phase.find()) {
                problems.add(svc + ": application.yml has no graceful shutdown with a timeout per phase");
                return;
            }
            int preStop = each(container(d).at("/lifecycle/preStop/exec/command"))
                    .map(JsonNode::asText).filter(s -> s.matches("\\d+")).mapToInt(Integer::parseInt).sum();
            int grace = d.at("/spec/template/spec/terminationGracePeriodSeconds").asInt(30);
            // HTTP, the Kafka listeners and the schedulers/relays stop in separate phases, each up to the timeout.
            int needed = preStop + 2 * Integer.parseInt(phase.group(1));
            if (grace < needed) {
                problems.add(svc + ": terminationGracePeriodSeconds " + grace + " < " + needed
                        + " (preStop + two shutdown phases)");
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyImageIsTheOneJibBuilds(String dir) {
        problems(dir, render(dir), (d, problems) -> {
            String image = container(d).path("image").asText();
            String jib = SERVICE_IMAGES.get(name(d));
            boolean same = dir.equals("base") ? image.equals(jib) : repository(image).equals(repository(jib));
            if (!same) {
                problems.add(name(d) + ": image " + image + ", but Jib builds " + jib);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void noConfigMapOrDeploymentHoldsASecret(String dir) {
        Rendered r = render(dir);
        List<String> problems = new ArrayList<>();
        r.kind("ConfigMap").forEach(cm -> cm.path("data").fields().forEachRemaining(e -> {
            if (SECRET_KEY.matcher(e.getKey()).matches()) {
                problems.add(id(cm) + ": key " + e.getKey() + " looks like a secret");
            }
            JsonNode file = parseYaml(e.getValue().asText());
            leaves(file, "", (path, value) -> {
                String key = path.substring(path.lastIndexOf('.') + 1);
                if (SECRET_KEY.matcher(key).matches() && !value.isBlank() && !PLACEHOLDER.matcher(value).matches()) {
                    problems.add(id(cm) + ": " + e.getKey() + " sets " + path.substring(1)
                            + " to a literal; it must be a ${PLACEHOLDER} filled from a Secret");
                }
            });
        }));
        Stream.concat(r.kind("Deployment"), r.kind("StatefulSet")).forEach(w -> each(w.at("/spec/template/spec/containers"))
                .flatMap(c -> each(c.path("env")))
                .filter(e -> e.has("value") && SECRET_KEY.matcher(e.path("name").asText()).matches())
                .forEach(e -> problems.add(id(w) + ": env " + e.path("name").asText() + " is a literal, not from a Secret")));
        assertThat(problems).as(dir).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everySecretReferenceResolves(String dir) {
        Rendered r = render(dir);
        Map<String, Set<String>> secrets = secrets(r);
        List<String> problems = new ArrayList<>();
        Stream.concat(r.kind("Deployment"), r.kind("StatefulSet")).forEach(w -> {
            JsonNode pod = w.at("/spec/template/spec");
            each(pod.path("containers")).forEach(c -> {
                each(c.path("env")).map(e -> e.at("/valueFrom/secretKeyRef")).filter(ref -> !ref.isMissingNode())
                        .filter(ref -> !ref.path("optional").asBoolean(false))
                        .filter(ref -> !secrets.getOrDefault(ref.path("name").asText(), Set.of()).contains(ref.path("key").asText()))
                        .forEach(ref -> problems.add(id(w) + ": Secret " + ref.path("name").asText() + " has no key "
                                + ref.path("key").asText()));
                each(c.path("envFrom")).map(e -> e.at("/secretRef/name")).filter(n -> !n.isMissingNode())
                        .filter(n -> !secrets.containsKey(n.asText()))
                        .forEach(n -> problems.add(id(w) + ": Secret " + n.asText() + " does not exist"));
            });
            each(pod.path("volumes")).map(v -> v.at("/secret/secretName")).filter(n -> !n.isMissingNode())
                    .filter(n -> !secrets.containsKey(n.asText()))
                    .forEach(n -> problems.add(id(w) + ": Secret " + n.asText() + " does not exist"));
        });
        // The channels' credentials are ${PLACEHOLDERS} in channels.yml: each must be a variable the service has,
        // or Spring would bind the literal "${...}" as the secret.
        services(r).filter(d -> CHANNEL_SECRET_READERS.contains(name(d))).forEach(d -> {
            Set<String> available = new HashSet<>(env(r, d).keySet());
            each(container(d).path("envFrom")).map(e -> e.at("/secretRef/name")).filter(n -> !n.isMissingNode())
                    .forEach(n -> available.addAll(secrets.getOrDefault(n.asText(), Set.of())));
            String channels = channelsFile(r, d);
            if (channels == null) {
                problems.add(name(d) + ": no channels.yml mounted");
                return;
            }
            leaves(parseYaml(channels), "", (path, value) -> {
                Matcher m = PLACEHOLDER.matcher(value);
                while (m.find()) {
                    if (m.group(2) == null && !available.contains(m.group(1))) {
                        problems.add(name(d) + ": channels.yml sets " + path.substring(1) + " to ${" + m.group(1)
                                + "} but no Secret gives " + m.group(1));
                    }
                }
            });
        });
        assertThat(problems).as(dir).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyVariableGivenIsReadAndEveryVariableNeededIsGiven(String dir) {
        Rendered r = render(dir);
        String allYml = SERVICES.stream().map(Project::applicationYml).collect(Collectors.joining("\n"));
        problems(dir, r, (d, problems) -> {
            String svc = name(d);
            Map<String, String> given = env(r, d);
            Set<String> storeGiven = new TreeSet<>(given.keySet());
            each(container(d).path("env")).forEach(e -> storeGiven.add(e.path("name").asText()));
            storeGiven.removeIf(v -> !v.startsWith("SWITCHBOARD_MEDIA_STORE_") && !v.equals(STORE_BUCKET));
            if (!STORE_USERS.contains(svc)) {
                storeGiven.forEach(v -> problems.add(svc + ": is given " + v + ", but it does not use the object store"));
            }
            storeGiven.stream().filter(v -> !v.equals(STORE_BUCKET) && !STORE_VARIABLES.contains(v))
                    .forEach(v -> problems.add(svc + ": is given " + v + ", which is none of media-store's settings "
                            + STORE_VARIABLES));
            boolean readsStore = Project.dependsOn(svc, "media-store");
            String yml = Project.applicationYml(svc);
            Set<String> own = new TreeSet<>();
            each(container(d).path("env")).forEach(e -> own.add(e.path("name").asText()));
            ownConfigMap(r, d).ifPresent(cm -> cm.path("data").fieldNames().forEachRemaining(own::add));
            own.addAll(storeGiven);
            own.stream().filter(v -> v.startsWith("SWITCHBOARD_") || v.equals("SERVER_PORT"))
                    .filter(v -> !yml.contains("${" + v + ":") && !yml.contains("${" + v + "}"))
                    .filter(v -> !(storeGiven.contains(v) && (!readsStore || STORE_VARIABLES.contains(v))))
                    .forEach(v -> problems.add(svc + ": is given " + v + ", which its application.yml does not read"));
            given.keySet().stream().filter(v -> v.startsWith("SWITCHBOARD_")).filter(v -> !storeGiven.contains(v))
                    .filter(v -> !allYml.contains("${" + v + ":") && !allYml.contains("${" + v + "}"))
                    .forEach(v -> problems.add(svc + ": is given " + v + ", which no service reads"));
            // A default that only works on a developer's machine (localhost) or none at all must be set here.
            Matcher m = Pattern.compile("\\$\\{(SWITCHBOARD_[A-Z0-9_]+):([^}]*)}").matcher(yml);
            while (m.find()) {
                boolean required = m.group(2).isBlank() || m.group(2).contains("localhost");
                if (required && !given.containsKey(m.group(1)) && !secretEnv(d).contains(m.group(1))) {
                    problems.add(svc + ": " + m.group(1) + " is not set (its default is '" + m.group(2) + "')");
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyTopicOfTheCatalogueAndItsDeadLetterTopicIsAKafkaTopic(String dir) {
        Rendered r = render(dir);
        Map<String, JsonNode> declared = new HashMap<>();
        r.kind("KafkaTopic").forEach(t -> declared.put(topicName(t), t));
        Set<String> expected = new TreeSet<>();
        Topics.ALL.forEach(t -> {
            expected.add(t.name());
            expected.add(t.deadLetterTopic());
        });
        assertThat(declared.keySet()).as(dir + ": KafkaTopics (the catalogue's topics and their .dlt)")
                .containsExactlyInAnyOrderElementsOf(expected);

        int brokers = brokers(r);
        int minInSync = r.kind("Kafka").findFirst().map(k -> k.at("/spec/kafka/config/min.insync.replicas").asInt(1)).orElse(1);
        List<String> problems = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            JsonNode main = declared.get(topic.name());
            JsonNode dlt = declared.get(topic.deadLetterTopic());
            if (main.at("/spec/partitions").asInt() != dlt.at("/spec/partitions").asInt()) {
                problems.add(topic.deadLetterTopic() + ": partitions differ from " + topic.name()
                        + " (a dead letter keeps its record's partition)");
            }
            boolean compacted = "compact".equals(topic.configs().get("cleanup.policy"));
            for (JsonNode t : List.of(main, dlt)) {
                (t == dlt ? topic.deadLetterConfigs() : topic.configs()).forEach((key, value) -> {
                    if (!value.equals(t.at("/spec/config").path(key).asText())) {
                        problems.add(topicName(t) + ": " + key + " must be " + value + " (schemas' catalogue)");
                    }
                });
                // Only a topic the catalogue declares compacted (the channels, a state) is; a stream or a dead-letter
                // topic never is: compaction would drop all but the last record of a key.
                String policy = t.at("/spec/config/cleanup.policy").asText("delete");
                if (compacted && t == main ? !policy.equals("compact") : !policy.equals("delete")) {
                    problems.add(topicName(t) + ": cleanup.policy " + policy + ", expected "
                            + (compacted && t == main ? "compact" : "delete (an event stream must not be compacted)"));
                }
                int replicas = t.at("/spec/replicas").asInt();
                if (brokers > 0 && replicas > brokers) {
                    problems.add(topicName(t) + ": " + replicas + " replicas but " + brokers + " brokers");
                }
                if (brokers > 0 && replicas > 1 && minInSync >= replicas) {
                    problems.add(topicName(t) + ": min.insync.replicas " + minInSync + " leaves no broker to lose");
                }
            }
        }
        assertThat(problems).as(dir).isEmpty();
    }

    @Test
    void productionRunsThreeBrokersAndTwoInSyncReplicas() {
        Rendered prod = render("overlays/prod");
        int brokers = brokers(prod);
        JsonNode config = prod.find("Kafka", "switchboard").orElseThrow().at("/spec/kafka/config");
        assertThat(brokers).isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("auto.create.topics.enable").asBoolean(true)).isFalse();
        assertThat(prod.kind("KafkaTopic").map(t -> t.at("/spec/replicas").asInt())).containsOnly(3);
    }

    @Test
    void productionScalesIngressOnCpuAndTheConsumersOnTheirLag() {
        Rendered prod = render("overlays/prod");
        JsonNode hpa = prod.find("HorizontalPodAutoscaler", "ingress-service").orElseThrow();
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("ingress-service");
        assertThat(each(hpa.at("/spec/metrics")).map(m -> m.at("/resource/name").asText())).contains("cpu");

        Map<String, JsonNode> scaled = prod.kind("ScaledObject")
                .collect(Collectors.toMap(s -> s.at("/spec/scaleTargetRef/name").asText(), s -> s));
        assertThat(scaled).containsOnlyKeys(CONSUMERS);
        String bootstrap = prod.kind("ConfigMap").filter(cm -> name(cm).startsWith("switchboard-common"))
                .findFirst().orElseThrow().at("/data/SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS").asText();
        List<String> problems = new ArrayList<>();
        scaled.forEach((svc, so) -> each(so.at("/spec/triggers")).forEach(t -> {
            JsonNode m = t.path("metadata");
            String topic = m.path("topic").asText();
            if (!t.path("type").asText().equals("kafka") || !m.path("bootstrapServers").asText().equals(bootstrap)) {
                problems.add(svc + ": a trigger that is not Kafka at " + bootstrap);
            }
            // consumer groups are <group-prefix>.<name>, the prefix defaulting to the service's name, or the name alone
            String group = m.path("consumerGroup").asText();
            if (!group.equals(svc) && !group.startsWith(svc + ".")) {
                problems.add(svc + ": consumer group " + m.path("consumerGroup").asText() + " is not the service's");
            }
            Optional<JsonNode> kafkaTopic = prod.kind("KafkaTopic").filter(k -> topicName(k).equals(topic)).findFirst();
            if (Topics.byName(topic).isEmpty() || kafkaTopic.isEmpty()) {
                problems.add(svc + ": scales on " + topic + ", not a topic of the catalogue");
            } else if (so.at("/spec/maxReplicaCount").asInt() > kafkaTopic.get().at("/spec/partitions").asInt()) {
                problems.add(svc + ": more replicas than " + topic + " has partitions");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyServiceIsIsolatedByNetworkPolicies(String dir) {
        Rendered r = render(dir);
        problems(dir, r, (d, problems) -> {
            JsonNode podLabels = d.at("/spec/template/metadata/labels");
            List<JsonNode> policies = r.kind("NetworkPolicy")
                    .filter(p -> selects(p.at("/spec/podSelector"), podLabels)).toList();
            for (String type : List.of("Ingress", "Egress")) {
                if (policies.stream().noneMatch(p -> each(p.at("/spec/policyTypes")).anyMatch(t -> t.asText().equals(type)))) {
                    problems.add(name(d) + ": no NetworkPolicy restricts its " + type);
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void theObjectStoreUsersGetTheBucketASpoolAndTheirKeysTogether(String dir) {
        Rendered r = render(dir);
        problems(dir, r, (d, problems) -> {
            String svc = name(d);
            if (!STORE_USERS.contains(svc)) {
                return;
            }
            Map<String, String> env = env(r, d);
            if (env.getOrDefault(STORE_BUCKET, "").isBlank()) {
                problems.add(svc + ": no " + STORE_BUCKET);
            }
            if (!env.containsKey(STORE_ENDPOINT)) {
                problems.add(svc + ": no " + STORE_ENDPOINT + " (empty for AWS S3)");
            }
            // Files wait in the spool while their digest is computed: an emptyDir with room for the largest file
            // times the files fetched at once, never the read-only root filesystem or /tmp.
            String spool = env.get(STORE_SPOOL);
            Optional<JsonNode> volume = spool == null ? Optional.empty() : each(container(d).path("volumeMounts"))
                    .filter(m -> m.path("mountPath").asText().equals(spool)).findFirst()
                    .flatMap(m -> each(d.at("/spec/template/spec/volumes"))
                            .filter(v -> v.path("name").equals(m.path("name")) && v.has("emptyDir")).findFirst());
            if (volume.isEmpty()) {
                problems.add(svc + ": " + STORE_SPOOL + " " + spool + " is no emptyDir mounted in the container");
            } else {
                long room = bytes(volume.get().at("/emptyDir/sizeLimit").asText("0"));
                int atOnce = Integer.parseInt(env.getOrDefault("SWITCHBOARD_MEDIA_FETCH_CONCURRENCY", "1"));
                if (room < atOnce * LARGEST_FILE) {
                    problems.add(svc + ": the spool's sizeLimit has no room for " + atOnce + " files of 100 MB");
                }
            }
            Map<String, JsonNode> keys = new HashMap<>();
            each(container(d).path("env")).filter(e -> e.path("name").asText().matches("SWITCHBOARD_MEDIA_STORE_(ACCESS|SECRET)KEY"))
                    .forEach(e -> keys.put(e.path("name").asText(), e.at("/valueFrom/secretKeyRef")));
            if (keys.size() == 1 || keys.values().stream().map(k -> k.path("name").asText()).distinct().count() > 1) {
                problems.add(svc + ": the store's access key and secret key come from one Secret, both or neither: " + keys);
            }
        });
    }

    @Test
    void developmentKeepsAttachmentsInMinioWithItsBucketCreatedAndItsKeysInASecret() {
        Rendered dev = render("overlays/dev");
        Map<String, Set<String>> secrets = secrets(dev);
        JsonNode minio = dev.find("Service", "minio").orElseThrow();
        JsonNode minioPods = dev.find("Deployment", "minio").orElseThrow().at("/spec/template/metadata/labels");
        List<String> problems = new ArrayList<>();
        services(dev).filter(d -> STORE_USERS.contains(name(d))).forEach(d -> {
            String svc = name(d);
            Map<String, String> env = env(dev, d);
            if (!env.get(STORE_ENDPOINT).equals("http://minio:" + minio.at("/spec/ports/0/port").asInt())) {
                problems.add(svc + ": " + STORE_ENDPOINT + " is not MinIO's Service: " + env.get(STORE_ENDPOINT));
            }
            if (!"true".equals(env.get("SWITCHBOARD_MEDIA_STORE_PATHSTYLE"))) {
                problems.add(svc + ": MinIO needs SWITCHBOARD_MEDIA_STORE_PATHSTYLE=true");
            }
            each(container(d).path("env")).map(e -> e.at("/valueFrom/secretKeyRef"))
                    .filter(ref -> ref.path("optional").asBoolean(false))
                    .filter(ref -> !secrets.getOrDefault(ref.path("name").asText(), Set.of()).contains(ref.path("key").asText()))
                    .forEach(ref -> problems.add(svc + ": the store's key " + ref.path("key").asText() + " is not in a Secret"));
            if (!egressAllowed(dev, d, 9000, Peer.pod(minioPods))) {
                problems.add(svc + ": no NetworkPolicy lets it reach MinIO on 9000");
            }
            if (!ingressAllowed(dev, minioPods, d.at("/spec/template/metadata/labels"), 9000)) {
                problems.add(svc + ": MinIO's NetworkPolicy does not let it in");
            }
        });
        JsonNode job = dev.find("Job", "minio-create-bucket").orElseThrow();
        JsonNode mc = job.at("/spec/template/spec/containers/0");
        String storeConfig = dev.kind("ConfigMap").map(Rendered::name).filter(n -> n.startsWith("switchboard-media-store-"))
                .findFirst().orElseThrow();
        assertThat(each(mc.path("envFrom")).map(e -> e.at("/configMapRef/name").asText()))
                .as("the bucket Job reads the bucket the services use").contains(storeConfig);
        assertThat(String.join(" ", each(mc.path("command")).map(JsonNode::asText).toList()))
                .contains("mb --ignore-existing", "$" + STORE_BUCKET, "http://minio:9000");
        assertThat(ingressAllowed(dev, minioPods, job.at("/spec/template/metadata/labels"), 9000))
                .as("the bucket Job reaches MinIO").isTrue();
        assertThat(problems).isEmpty();
    }

    @Test
    void productionKeepsAttachmentsInAwsS3WithKeysFromIrsa() {
        Rendered prod = render("overlays/prod");
        Map<String, Set<String>> secrets = secrets(prod);
        List<String> problems = new ArrayList<>();
        services(prod).filter(d -> STORE_USERS.contains(name(d))).forEach(d -> {
            String svc = name(d);
            Map<String, String> env = env(prod, d);
            if (!env.get(STORE_ENDPOINT).isEmpty()) {
                problems.add(svc + ": " + STORE_ENDPOINT + " is set; AWS S3 itself is meant");
            }
            if (env.getOrDefault("SWITCHBOARD_MEDIA_STORE_REGION", "").isBlank()) {
                problems.add(svc + ": no SWITCHBOARD_MEDIA_STORE_REGION (the bucket's region)");
            }
            // No static keys: the optional references find no Secret, so the SDK's default chain (IRSA) applies.
            each(container(d).path("env")).map(e -> e.at("/valueFrom/secretKeyRef")).filter(ref -> !ref.isMissingNode())
                    .filter(ref -> ref.path("name").asText().startsWith("switchboard-media-store"))
                    .filter(ref -> secrets.containsKey(ref.path("name").asText()))
                    .forEach(ref -> problems.add(svc + ": static keys from " + ref.path("name").asText() + " beside IRSA"));
            String account = d.at("/spec/template/spec/serviceAccountName").asText();
            boolean irsa = prod.find("ServiceAccount", account)
                    .map(sa -> sa.at("/metadata/annotations").path("eks.amazonaws.com/role-arn").asText().startsWith("arn:aws:iam::"))
                    .orElse(false);
            if (!irsa) {
                problems.add(svc + ": its ServiceAccount '" + account + "' carries no eks.amazonaws.com/role-arn");
            }
            if (!egressAllowed(prod, d, 443, Peer.address(AWS_S3))) {
                problems.add(svc + ": no NetworkPolicy lets it reach AWS S3 on 443");
            }
        });
        services(prod).filter(d -> !STORE_USERS.contains(name(d)))
                .filter(d -> d.at("/spec/template/spec/serviceAccountName").asText().equals("switchboard-media-store"))
                .forEach(d -> problems.add(name(d) + ": runs with the bucket's role but does not use the store"));
        assertThat(problems).isEmpty();
    }

    @Test
    void anotherS3CompatibleStoreTakesItsKeysFromTheSecretStore() throws IOException {
        // prod with the optional component, as deploy/README.md tells an operator whose store is not AWS S3
        Path overlay = Files.createDirectories(Project.MODULE.resolve("target/kustomize/prod-with-store-keys"));
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: switchboard
                resources:
                  - ../../../k8s/overlays/prod
                components:
                  - ../../../k8s/components/external-secrets/media-store-keys
                """);
        Rendered r = Rendered.kustomize(overlay);
        Map<String, Set<String>> secrets = secrets(r);
        List<String> keys = services(r).filter(d -> STORE_USERS.contains(name(d)))
                .flatMap(d -> each(container(d).path("env")))
                .filter(e -> e.path("name").asText().matches("SWITCHBOARD_MEDIA_STORE_(ACCESS|SECRET)KEY"))
                .map(e -> e.at("/valueFrom/secretKeyRef"))
                .filter(ref -> secrets.getOrDefault(ref.path("name").asText(), Set.of()).contains(ref.path("key").asText()))
                .map(ref -> ref.path("key").asText()).toList();
        assertThat(keys).as("store keys that resolve, for the three store users")
                .containsExactlyInAnyOrder("access-key", "secret-key", "access-key", "secret-key", "access-key", "secret-key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void mediaServiceReachesKafkaPostgresqlDnsAndTheProvidersAndOnlyPrometheusReachesIt(String dir) {
        Rendered r = render(dir);
        JsonNode media = r.find("Deployment", "media-service").orElseThrow();
        JsonNode brokers = Rendered.YAML.createObjectNode().put("strimzi.io/cluster", "switchboard").put("strimzi.io/kind", "Kafka");
        assertThat(egressAllowed(r, media, 53, Peer.address("10.96.0.10"))).as(dir + ": DNS").isTrue();
        assertThat(egressAllowed(r, media, 9092, Peer.pod(brokers))).as(dir + ": Kafka").isTrue();
        assertThat(egressAllowed(r, media, 5432, Peer.address("10.20.30.40"))).as(dir + ": PostgreSQL").isTrue();
        assertThat(egressAllowed(r, media, 443, Peer.address(META))).as(dir + ": Meta and Twilio over HTTPS").isTrue();
        assertThat(egressAllowed(r, media, 80, Peer.address(META))).as(dir + ": plain HTTP to the internet").isFalse();
        assertThat(egressAllowed(r, media, 22, Peer.address("10.20.30.40"))).as(dir + ": anything else").isFalse();

        JsonNode pods = media.at("/spec/template/metadata/labels");
        List<JsonNode> ingress = r.kind("NetworkPolicy").filter(p -> selects(p.at("/spec/podSelector"), pods))
                .flatMap(p -> each(p.at("/spec/ingress"))).toList();
        assertThat(ingress).as(dir + ": ingress rules of media-service").isNotEmpty().allSatisfy(rule -> {
            assertThat(each(rule.path("from")).map(f -> f.at("/namespaceSelector/matchLabels/switchboard.dev~1monitoring").asText()))
                    .as("only Prometheus' namespace").containsOnly("true");
            assertThat(each(rule.path("ports")).map(port -> port.path("port").asText())).containsOnly("http");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void theOperatorsToolIsAnIdleToolboxThatReachesKafkaWithWhatReparsingNeeds(String dir) {
        Rendered r = render(dir);
        JsonNode toolbox = r.find("Deployment", TOOLBOX).orElseThrow(() -> new AssertionError(dir + ": no " + TOOLBOX));
        JsonNode container = container(toolbox);
        String image = container.path("image").asText();
        String jib = IMAGES.get(ADMIN_TOOL);
        assertThat(dir.equals("base") ? image : repository(image)).as(dir + ": image")
                .isEqualTo(dir.equals("base") ? jib : repository(jib));
        assertThat(toolbox.at("/spec/replicas").asInt(-1)).as(dir + ": no replica until an operator scales it").isZero();
        assertThat(each(container.path("command")).map(JsonNode::asText)).as(dir + ": idles").containsExactly("sleep", "infinity");
        assertThat(env(r, toolbox)).as(dir + ": the brokers and the channels file")
                .containsKeys("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", "SPRING_CONFIG_ADDITIONAL_LOCATION");
        assertThat(secretEnv(toolbox)).as(dir + ": the channel keys").contains("SWITCHBOARD_CHANNEL_KEYS");
        assertThat(channelsFile(r, toolbox)).as(dir + ": channels.yml mounted").isNotNull();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(dir + ": read-only").isTrue();
        assertThat(toolbox.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).as(dir + ": non-root").isTrue();
        assertThat(container.at("/resources/limits/memory").isMissingNode()).as(dir + ": memory limit").isFalse();
        JsonNode brokers = Rendered.YAML.createObjectNode().put("strimzi.io/cluster", "switchboard").put("strimzi.io/kind", "Kafka");
        assertThat(egressAllowed(r, toolbox, 9092, Peer.pod(brokers))).as(dir + ": Kafka").isTrue();
        assertThat(egressAllowed(r, toolbox, 443, Peer.address(META))).as(dir + ": the internet").isFalse();
    }

    @Test
    void theToolboxImageHasTheCommandOperatorsType() throws IOException {
        Path script = Project.ROOT.resolve("admin-cli/src/main/jib/usr/local/bin/switchboard-admin");
        String text = Files.readString(script);
        assertThat(text).startsWith("#!/bin/sh").contains("-cp @/app/jib-classpath-file dev.switchboard.admin.SwitchboardAdmin \"$@\"");
        assertThat(Files.isExecutable(script)).as("executable in the checkout").isTrue();
        assertThat(Files.readString(Project.ROOT.resolve("admin-cli/pom.xml")))
                .as("Jib copies it with mode 755").contains("<file>/usr/local/bin/switchboard-admin</file>").contains("<mode>755</mode>");
    }

    @Test
    void prometheusScrapesEveryServiceOnItsActuatorEndpoint() {
        Rendered prod = render("overlays/prod");
        JsonNode monitor = prod.kind("ServiceMonitor").findFirst().orElseThrow();
        assertThat(each(monitor.at("/spec/endpoints")).map(e -> e.path("path").asText())).contains("/actuator/prometheus");
        List<String> unscraped = prod.kind("Service").filter(s -> !matches(monitor.at("/spec/selector/matchLabels"),
                s.at("/metadata/labels"))).map(Rendered::name).toList();
        assertThat(unscraped).as("Services the ServiceMonitor does not select").isEmpty();
        assertThat(prod.kind("ConfigMap").filter(cm -> cm.at("/metadata/labels/grafana_dashboard").asText().equals("1")))
                .as("the Grafana dashboard").hasSize(1);
    }

    // --- helpers ---

    /** Where a pod sends to: pods of this namespace with these labels, or an IP address. */
    private record Peer(JsonNode podLabels, String address) {
        static Peer pod(JsonNode labels) {
            return new Peer(labels, null);
        }

        static Peer address(String ip) {
            return new Peer(null, ip);
        }
    }

    /** Whether the rendered NetworkPolicies let the Deployment's pods send to the peer on a TCP or UDP port. */
    private static boolean egressAllowed(Rendered r, JsonNode deployment, int port, Peer to) {
        JsonNode pods = deployment.at("/spec/template/metadata/labels");
        List<JsonNode> policies = r.kind("NetworkPolicy").filter(p -> selects(p.at("/spec/podSelector"), pods))
                .filter(p -> each(p.at("/spec/policyTypes")).anyMatch(t -> t.asText().equals("Egress"))).toList();
        if (policies.isEmpty()) {
            return true;
        }
        return policies.stream().flatMap(p -> each(p.at("/spec/egress"))).anyMatch(rule ->
                (!rule.has("ports") || each(rule.path("ports")).anyMatch(p -> p.path("port").asInt(-1) == port))
                        && (!rule.has("to") || each(rule.path("to")).anyMatch(peer -> reaches(peer, to))));
    }

    private static boolean reaches(JsonNode peer, Peer to) {
        if (peer.has("ipBlock")) {
            JsonNode block = peer.path("ipBlock");
            return to.address() != null && inCidr(to.address(), block.path("cidr").asText())
                    && each(block.path("except")).noneMatch(x -> inCidr(to.address(), x.asText()));
        }
        // a podSelector alone: pods of the policy's namespace
        return to.podLabels() != null && !peer.has("namespaceSelector") && selects(peer.path("podSelector"), to.podLabels());
    }

    /** Whether the NetworkPolicies of the target pods let pods with these labels in on a port. */
    private static boolean ingressAllowed(Rendered r, JsonNode target, JsonNode from, int port) {
        return r.kind("NetworkPolicy").filter(p -> selects(p.at("/spec/podSelector"), target))
                .flatMap(p -> each(p.at("/spec/ingress"))).anyMatch(rule ->
                        (!rule.has("ports") || each(rule.path("ports")).anyMatch(p -> p.path("port").asInt(-1) == port))
                                && (!rule.has("from") || each(rule.path("from")).anyMatch(peer -> reaches(peer, Peer.pod(from)))));
    }

    private static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String ip) {
        long value = 0;
        for (String octet : ip.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }

    /** A Kubernetes quantity in bytes (Ki, Mi, Gi). */
    private static long bytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(quantity);
        if (!m.matches()) {
            throw new AssertionError("not a quantity this test reads: " + quantity);
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "Ki" -> 10;
            case "Mi" -> 20;
            default -> 30;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static Stream<JsonNode> services(Rendered r) {
        return r.kind("Deployment").filter(d -> SERVICES.contains(name(d)));
    }

    private static void problems(String dir, Rendered r, java.util.function.BiConsumer<JsonNode, List<String>> check) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> deployments = services(r).toList();
        assertThat(deployments).as(dir + ": Deployments of the services").isNotEmpty();
        deployments.forEach(d -> check.accept(d, problems));
        assertThat(problems).as(dir).isEmpty();
    }

    private static JsonNode container(JsonNode deployment) {
        return each(deployment.at("/spec/template/spec/containers"))
                .filter(c -> c.path("name").asText().equals(name(deployment))).findFirst()
                .orElseThrow(() -> new AssertionError(id(deployment) + ": no container named " + name(deployment)));
    }

    private static int httpPort(JsonNode deployment) {
        return each(container(deployment).path("ports")).filter(p -> p.path("name").asText().equals("http"))
                .mapToInt(p -> p.path("containerPort").asInt()).findFirst()
                .orElseThrow(() -> new AssertionError(id(deployment) + ": no container port named http"));
    }

    private static boolean resolvesTo(JsonNode port, JsonNode deployment, int number) {
        return port.isInt() ? port.asInt() == number
                : each(container(deployment).path("ports")).anyMatch(p -> p.path("name").asText().equals(port.asText())
                        && p.path("containerPort").asInt() == number);
    }

    private static void probe(JsonNode container, String kind, String path, JsonNode d, int port, List<String> problems) {
        JsonNode get = container.path(kind).path("httpGet");
        if (!get.path("path").asText().equals(path) || !resolvesTo(get.path("port"), d, port)) {
            problems.add(name(d) + ": " + kind + " is not GET " + path + " on port " + port);
        }
    }

    /** labels ⊇ selector (a matchLabels map), and the selector is not empty. */
    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        List<String> missing = new ArrayList<>();
        selector.fields().forEachRemaining(e -> {
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                missing.add(e.getKey());
            }
        });
        return missing.isEmpty();
    }

    /** A label selector with matchLabels and In expressions (an empty one selects every pod). */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        boolean byLabels = !selector.has("matchLabels") || matches(selector.path("matchLabels"), labels);
        boolean byExpressions = each(selector.path("matchExpressions")).allMatch(e -> e.path("operator").asText().equals("In")
                && each(e.path("values")).anyMatch(v -> v.asText().equals(labels.path(e.path("key").asText()).asText())));
        return byLabels && byExpressions;
    }

    private static Optional<JsonNode> ownConfigMap(Rendered r, JsonNode d) {
        return each(container(d).path("envFrom")).map(e -> e.at("/configMapRef/name").asText())
                .filter(n -> n.equals(name(d)) || n.matches(Pattern.quote(name(d)) + "-[a-z0-9]{10}"))
                .map(n -> r.find("ConfigMap", n)).flatMap(Optional::stream).findFirst();
    }

    /** The plain variables a service gets: its env values and every key of its envFrom ConfigMaps. */
    private static Map<String, String> env(Rendered r, JsonNode d) {
        Map<String, String> env = new HashMap<>();
        each(container(d).path("envFrom")).map(e -> e.at("/configMapRef/name")).filter(n -> !n.isMissingNode())
                .map(n -> r.find("ConfigMap", n.asText())).flatMap(Optional::stream)
                .forEach(cm -> cm.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
        each(container(d).path("env")).filter(e -> e.has("value"))
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    private static Set<String> secretEnv(JsonNode d) {
        return each(container(d).path("env")).filter(e -> e.at("/valueFrom/secretKeyRef").isObject())
                .map(e -> e.path("name").asText()).collect(Collectors.toSet());
    }

    /** Secret name to its keys: Secrets, and the Secrets External Secrets will create. */
    private static Map<String, Set<String>> secrets(Rendered r) {
        Map<String, Set<String>> secrets = new HashMap<>();
        r.kind("Secret").forEach(s -> {
            Set<String> keys = new HashSet<>();
            s.path("data").fieldNames().forEachRemaining(keys::add);
            s.path("stringData").fieldNames().forEachRemaining(keys::add);
            secrets.put(name(s), keys);
        });
        r.kind("ExternalSecret").forEach(s -> secrets.put(s.at("/spec/target/name").asText(name(s)),
                each(s.at("/spec/data")).map(x -> x.path("secretKey").asText()).collect(Collectors.toSet())));
        return secrets;
    }

    private static String channelsFile(Rendered r, JsonNode d) {
        return each(d.at("/spec/template/spec/volumes")).map(v -> v.at("/configMap/name")).filter(n -> !n.isMissingNode())
                .map(n -> r.find("ConfigMap", n.asText())).flatMap(Optional::stream)
                .map(cm -> cm.at("/data/channels.yml")).filter(f -> !f.isMissingNode()).map(JsonNode::asText)
                .findFirst().orElse(null);
    }

    /** Brokers of the rendered Kafka cluster: the replicas of its node pools with the broker role. */
    private static int brokers(Rendered r) {
        return r.kind("KafkaNodePool").filter(p -> each(p.at("/spec/roles")).anyMatch(x -> x.asText().equals("broker")))
                .mapToInt(p -> p.at("/spec/replicas").asInt()).sum();
    }

    private static String topicName(JsonNode kafkaTopic) {
        return kafkaTopic.at("/spec/topicName").asText(name(kafkaTopic));
    }

    private static String repository(String image) {
        int at = image.indexOf('@');
        String withoutDigest = at < 0 ? image : image.substring(0, at);
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    private static JsonNode parseYaml(String text) {
        try {
            return Rendered.YAML.readTree(text);
        } catch (Exception notYaml) {
            return null;
        }
    }

    private static void leaves(JsonNode node, String path, java.util.function.BiConsumer<String, String> visit) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> leaves(e.getValue(), path + "." + e.getKey(), visit));
        } else if (node.isArray()) {
            node.forEach(n -> leaves(n, path, visit));
        } else if (!path.isEmpty()) {
            visit.accept(path, node.asText());
        }
    }
}
