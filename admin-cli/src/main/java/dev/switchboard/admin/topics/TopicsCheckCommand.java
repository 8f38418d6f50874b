package dev.switchboard.admin.topics;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;

import dev.switchboard.admin.KafkaConnection;
import dev.switchboard.admin.SwitchboardAdmin;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code topics check}: prints {@link TopicCheck}'s findings, one line per topic or per difference. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Every catalogue topic and its .dlt exist, with the catalogue's configs, the DLT with its "
                + "topic's partitions, only compacted topics compacted; with --manifest also as declared there. "
                + "Exit 1 when anything differs.")
public final class TopicsCheckCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--manifest", paramLabel = "<KafkaTopic yaml>",
            description = "Strimzi KafkaTopic documents (deploy/k8s/base/topics.yaml): also compare partitions and "
                    + "configs with what they declare")
    Path manifest;

    /** The topics to check: the catalogue (tests give their own, under names of their own). */
    List<Topic<?>> catalogue = Topics.ALL;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, DeclaredTopic> declared = manifest == null ? null : Manifest.read(manifest);
        Map<String, TopicState> actual;
        try (Admin admin = kafka.admin()) {
            actual = BrokerTopics.describe(admin, TopicCheck.names(catalogue, declared));
        }
        List<TopicCheck.Finding> findings = TopicCheck.check(catalogue, actual, declared);
        findings.forEach(finding -> finding.lines().forEach(out::println));
        long differ = findings.stream().filter(f -> !f.ok()).count();
        out.println("topics check: " + findings.size() + " topics, " + (findings.size() - differ) + " ok, " + differ
                + " differ" + (manifest == null ? "" : " (catalogue and " + manifest + ")"));
        return differ == 0 ? SwitchboardAdmin.OK : SwitchboardAdmin.FINDINGS;
    }
}
