package dev.switchboard.admin.dlt;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.switchboard.admin.SwitchboardAdmin;
import dev.switchboard.admin.dlt.Redrive.Decision;
import dev.switchboard.admin.dlt.Redrive.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = "Copies the chosen dead letters back to their original topic and partition (key, value and "
                + "headers unchanged, without kafka_dlt-*, plus switchboard_redriven_from), at most once each.")
final class DltRedriveCommand implements Callable<Integer> {

    @Mixin
    ChosenDeadLetters chosen;

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "say what would be re-driven, write nothing")
    boolean dryRun;

    @Option(names = "--again", description = "also re-drive dead letters that are re-driven copies parked again")
    boolean again;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int redriven = 0;
        int already = 0;
        int skipped = 0;
        try (DeadLetterTopics topics = chosen.open()) {
            List<DeadLetter> deadLetters = chosen.read(topics);
            Map<String, String> copies = topics.redrivenCopies(Redrive.searchFrom(deadLetters));
            for (Decision decision : Redrive.decide(deadLetters, copies, topics::partitionCount, again)) {
                String where = decision.deadLetter().where();
                if (decision.outcome() == Outcome.SKIPPED) {
                    out.println(where + ": skipped: " + decision.detail());
                    skipped++;
                } else if (decision.outcome() == Outcome.ALREADY_REDRIVEN) {
                    out.println(where + ": already re-driven at " + decision.detail());
                    already++;
                } else if (dryRun) {
                    out.println(where + ": would re-drive to " + decision.target());
                    redriven++;
                } else {
                    long offset = topics.send(Redrive.copy(decision.deadLetter(), decision.target()));
                    out.println(where + ": re-driven to " + decision.target() + "@" + offset);
                    redriven++;
                }
                out.flush();
            }
        }
        out.println((dryRun ? "would re-drive " : "re-driven ") + redriven + ", already re-driven " + already
                + ", skipped " + skipped + (dryRun ? " (dry run: nothing written)" : ""));
        out.flush();
        return skipped > 0 ? SwitchboardAdmin.FINDINGS : SwitchboardAdmin.OK;
    }
}
