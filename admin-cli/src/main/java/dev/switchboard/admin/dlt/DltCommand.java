package dev.switchboard.admin.dlt;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dlt list|show|redrive}: what is parked in the dead-letter topics and why, and copying it back. */
@Command(name = "dlt", mixinStandardHelpOptions = true,
        description = "Dead letters: list what is parked and why, show records, re-drive them to their topic.",
        subcommands = {DltListCommand.class, DltShowCommand.class, DltRedriveCommand.class})
public final class DltCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "dlt needs a subcommand: list, show or redrive");
    }
}
