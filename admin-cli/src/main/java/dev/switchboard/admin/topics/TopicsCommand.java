package dev.switchboard.admin.topics;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code topics}: the topics of the catalogue on the cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true, subcommands = TopicsCheckCommand.class,
        description = "The catalogue's topics on the cluster (topics check).")
public final class TopicsCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "topics: give a subcommand (check)");
    }
}
