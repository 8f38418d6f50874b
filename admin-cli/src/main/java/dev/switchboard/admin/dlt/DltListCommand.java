package dev.switchboard.admin.dlt;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import dev.switchboard.admin.KafkaConnection;
import dev.switchboard.admin.SwitchboardAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Per dead-letter topic with records: count per partition, oldest and newest, the exception "
                + "classes with counts.")
final class DltListCommand implements Callable<Integer> {

    @Mixin
    KafkaConnection kafka;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "<dlt topic>", description = "one dead-letter topic (default: every *.dlt)")
    String topic;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (DeadLetterTopics topics = new DeadLetterTopics(kafka)) {
            List<String> names = topic == null ? topics.deadLetterTopics() : List.of(topic);
            int deadLetters = 0;
            int withRecords = 0;
            for (String name : names) {
                Parked parked = new Parked(name, ChosenDeadLetters.read(topics, name, Selection.ALL, spec));
                parked.lines().forEach(out::println);
                deadLetters += parked.count();
                withRecords += parked.count() > 0 ? 1 : 0;
            }
            out.println(deadLetters + " dead letters in " + withRecords + " of " + names.size()
                    + " dead-letter topics");
        }
        out.flush();
        return SwitchboardAdmin.OK;
    }
}
