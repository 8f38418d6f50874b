package dev.switchboard.admin;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code switchboard-admin}: the operators' tool. Each subcommand talks to Kafka (and to a service's database only
 * where it must) and prints what it did, or with {@code --dry-run} what it would do.
 *
 * <p>Exit codes: {@link #OK}, {@link #FINDINGS} (the command ran and found something to act on, e.g. a topic that
 * differs from the catalogue), {@link #USAGE} (picocli's: a wrong option), {@link #REFUSED} (it would not act, e.g.
 * a consumer group with live members), {@link #FAILED} (Kafka unreachable, or any other error: the message says why).
 */
@Command(name = "switchboard-admin", mixinStandardHelpOptions = true, versionProvider = SwitchboardAdmin.Version.class,
        description = "Switchboard's operators' tool: replay consumer groups, re-parse raw webhooks, inspect and "
                + "re-drive dead letters, check the topics.",
        subcommands = {CommandLine.HelpCommand.class})
public final class SwitchboardAdmin {

    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;
    public static final int REFUSED = 3;
    public static final int FAILED = 4;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command tree, as {@code main} runs it (tests call {@link CommandLine#execute} on it). */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SwitchboardAdmin());
        // One line per command group; each lives in its own package.
        commandLine.addSubcommand(new dev.switchboard.admin.replay.ReplayCommand());
        commandLine.addSubcommand(new dev.switchboard.admin.topics.TopicsCommand());
        commandLine.addSubcommand(new dev.switchboard.admin.dlt.DltCommand());
        commandLine.addSubcommand(new dev.switchboard.admin.reparse.ReparseCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return FAILED;
        });
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SwitchboardAdmin.class.getPackage().getImplementationVersion();
            return new String[] {"switchboard-admin " + (version == null ? "(development build)" : version)};
        }
    }
}
