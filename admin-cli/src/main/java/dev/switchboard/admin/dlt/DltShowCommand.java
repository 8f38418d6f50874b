package dev.switchboard.admin.dlt;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import dev.switchboard.admin.SwitchboardAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Each chosen dead letter: where, when, key, the headers saying why and where from, the value "
                + "decoded (else its size and first bytes in hex).")
final class DltShowCommand implements Callable<Integer> {

    @Mixin
    ChosenDeadLetters chosen;

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "100",
            description = "show at most this many (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DeadLetterTopics topics = chosen.open()) {
            List<DeadLetter> deadLetters = chosen.read(topics);
            Describe describe = new Describe();
            deadLetters.stream().limit(limit).forEach(deadLetter -> describe.lines(deadLetter).forEach(out::println));
            out.println(deadLetters.size() > limit
                    ? "showed " + limit + " of " + deadLetters.size() + " chosen dead letters (--limit)"
                    : "showed " + deadLetters.size() + " dead letters");
        }
        out.flush();
        return SwitchboardAdmin.OK;
    }
}
