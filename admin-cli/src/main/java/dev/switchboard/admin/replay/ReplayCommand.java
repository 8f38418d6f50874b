package dev.switchboard.admin.replay;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

import dev.switchboard.admin.KafkaConnection;
import dev.switchboard.admin.SwitchboardAdmin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replay}: moves a service's consumer groups back (or forward) so that they read again from a point. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Sets the committed offsets of a service's consumer groups to a point (earliest, a time, an "
                + "offset), so that the service reads those records again once it runs. Stops nothing: refuses "
                + "while a chosen group has live members.")
public final class ReplayCommand implements Callable<Integer> {

    /** How often {@code --wait} asks Kafka whether the members have left. */
    private static final Duration WAIT_POLL = Duration.ofSeconds(1);

    /** How many group ids an error lists when {@code --group} names none. */
    private static final int GROUPS_LISTED = 30;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--group", required = true, paramLabel = "<service | group id>",
            description = "A service (every group named <service> or <service>.*, e.g. ticket-service) or one "
                    + "group id (ticket-service.inbound-messages)")
    String group;

    @Option(names = "--from", required = true, converter = FromConverter.class,
            paramLabel = "<earliest | ISO time | duration | offset:N>",
            description = "earliest; the first record at or after a time (2026-11-01T00:00:00Z), or that long ago "
                    + "(PT2H, P1D); offset:N")
    ReplayFrom from;

    @Option(names = "--topics", split = ",", converter = TopicsConverter.class, paramLabel = "<topic[:partition]>",
            description = "Only these topics (or partitions), including ones the group has no offset on; default: "
                    + "every partition each group has committed")
    List<PartitionFilter> topics = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print what would move; change nothing")
    boolean dryRun;

    @Option(names = "--wait", paramLabel = "<duration>",
            description = "While a group has live members, wait up to this long (PT5M) for them to leave instead of "
                    + "refusing at once")
    Duration wait;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Admin admin = kafka.admin()) {
            ConsumerGroups kafkaGroups = new ConsumerGroups(admin);
            List<String> all = kafkaGroups.ids();
            List<String> groups = ConsumerGroupSelection.select(group, all);
            if (groups.isEmpty()) {
                err.println("error: no consumer group is '" + group + "' or starts with '" + group + ".'; the "
                        + "cluster has " + all.size() + ": " + all.stream().sorted().limit(GROUPS_LISTED)
                        .collect(Collectors.joining(", ")) + (all.size() > GROUPS_LISTED ? ", ..." : ""));
                return SwitchboardAdmin.USAGE;
            }
            Map<String, List<String>> members = kafkaGroups.liveMembers(groups);
            if (!members.isEmpty() && dryRun) {
                out.println("note: " + String.join(", ", members.keySet())
                        + " still ha" + (members.size() == 1 ? "s" : "ve") + " live members: the real run would refuse");
            } else if (!members.isEmpty() && wait != null) {
                members = awaitNoMembers(kafkaGroups, groups, members, out);
            }
            if (!members.isEmpty() && !dryRun) {
                refuse(members, err);
                return SwitchboardAdmin.REFUSED;
            }

            List<PartitionMove> moves;
            try {
                moves = ReplayPlan.plan(kafkaGroups, groups, from, topics);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            moves.forEach(move -> out.println(move.line()));
            groups.stream().filter(g -> moves.stream().noneMatch(m -> m.group().equals(g)))
                    .forEach(g -> out.println(g + "  no committed offsets: nothing to move (name partitions with "
                            + "--topics)"));
            if (!dryRun) {
                Map<String, Map<TopicPartition, Long>> byGroup = moves.stream().collect(Collectors.groupingBy(
                        PartitionMove::group, Collectors.toMap(PartitionMove::partition, PartitionMove::target)));
                byGroup.forEach(kafkaGroups::commit);
            }
            long reReads = moves.stream().mapToLong(PartitionMove::recordsToReRead).sum();
            out.println("replay to " + from + ": " + groups.size() + " group(s), " + moves.size() + " partition(s), "
                    + reReads + " record(s) to re-read; "
                    + (dryRun ? "dry run, no offset changed" : moves.isEmpty() ? "nothing to set" : "offsets set"));
            return SwitchboardAdmin.OK;
        }
    }

    private Map<String, List<String>> awaitNoMembers(ConsumerGroups kafkaGroups, List<String> groups,
                                                     Map<String, List<String>> members, PrintWriter out)
            throws InterruptedException {
        out.println("waiting up to " + wait + " for the members of " + String.join(", ", members.keySet())
                + " to leave");
        out.flush();
        long started = System.nanoTime();
        long deadline = started + wait.toNanos();
        while (!members.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(Math.min(WAIT_POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            members = kafkaGroups.liveMembers(groups);
        }
        if (members.isEmpty()) {
            out.println("no live members after " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        }
        return members;
    }

    private void refuse(Map<String, List<String>> members, PrintWriter err) {
        members.forEach((g, live) -> {
            err.println("refused: consumer group " + g + " has " + live.size() + " live member(s):");
            live.forEach(member -> err.println("  " + member));
        });
        err.println(wait == null
                ? "Stop the service's consumers first (e.g. scale it to 0), or give --wait <duration> to wait for them."
                : "They did not leave within " + wait + ".");
    }

    static final class TopicsConverter implements CommandLine.ITypeConverter<PartitionFilter> {
        @Override
        public PartitionFilter convert(String value) {
            try {
                return PartitionFilter.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FromConverter implements CommandLine.ITypeConverter<ReplayFrom> {
        @Override
        public ReplayFrom convert(String value) {
            try {
                return ReplayFrom.parse(value, Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
