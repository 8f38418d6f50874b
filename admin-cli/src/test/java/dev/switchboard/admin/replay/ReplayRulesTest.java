package dev.switchboard.admin.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.switchboard.admin.SwitchboardAdmin;
import picocli.CommandLine;

/** The rules of {@code replay} without a broker: which groups, which offsets, what a line says. */
class ReplayRulesTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-05T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void fromIsEarliestAnInstantADurationBackFromNowOrAnOffset() {
        assertThat(ReplayFrom.parse("earliest", NOW)).isEqualTo(new ReplayFrom.Earliest());
        assertThat(ReplayFrom.parse("2026-11-01T00:00:00Z", NOW))
                .isEqualTo(new ReplayFrom.At(Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(ReplayFrom.parse("PT2H", NOW)).isEqualTo(new ReplayFrom.At(Instant.parse("2026-11-05T10:00:00Z")));
        assertThat(ReplayFrom.parse("P1D", NOW)).isEqualTo(new ReplayFrom.At(Instant.parse("2026-11-04T12:00:00Z")));
        assertThat(ReplayFrom.parse("offset:42", NOW)).isEqualTo(new ReplayFrom.Offset(42));

        assertThatThrownBy(() -> ReplayFrom.parse("yesterday", NOW)).hasMessageContaining("earliest");
        assertThatThrownBy(() -> ReplayFrom.parse("offset:-1", NOW)).hasMessageContaining("offset:N");
        assertThatThrownBy(() -> ReplayFrom.parse("offset:x", NOW)).hasMessageContaining("offset:N");
    }

    @Test
    void aServiceNamesItsOwnGroupAndTheGroupsNamedAfterItOnly() {
        List<String> groups = List.of("ticket-service.inbound-messages", "ticket-service", "ticket-service-old.x",
                "ticket-servicex", "reminder-service.ticket-events", "ticket-service.outbound-results");

        assertThat(ConsumerGroupSelection.select("ticket-service", groups)).containsExactly(
                "ticket-service", "ticket-service.inbound-messages", "ticket-service.outbound-results");
        assertThat(ConsumerGroupSelection.select("ticket-service.inbound-messages", groups))
                .containsExactly("ticket-service.inbound-messages");
        assertThat(ConsumerGroupSelection.select("outbound-service", groups)).isEmpty();
    }

    @Test
    void theTargetIsTheLogStartTheFirstRecordAtTheTimeOrTheOffsetKeptWithinTheLog() {
        ReplayFrom at = new ReplayFrom.At(Instant.EPOCH);

        assertThat(PartitionMove.target(new ReplayFrom.Earliest(), 5, 20, -1)).isEqualTo(5);
        assertThat(PartitionMove.target(at, 5, 20, 12)).isEqualTo(12);
        assertThat(PartitionMove.target(at, 5, 20, -1)).as("every record is older: nothing to re-read").isEqualTo(20);
        assertThat(PartitionMove.target(new ReplayFrom.Offset(8), 5, 20, -1)).isEqualTo(8);
        assertThat(PartitionMove.target(new ReplayFrom.Offset(2), 5, 20, -1)).as("deleted already").isEqualTo(5);
        assertThat(PartitionMove.target(new ReplayFrom.Offset(99), 5, 20, -1)).as("not written yet").isEqualTo(20);
    }

    @Test
    void aLineSaysGroupPartitionFromToAndHowManyRecordsAreReadAgain() {
        TopicPartition partition = new TopicPartition("whatsapp.inbound.messages.v1", 3);

        assertThat(new PartitionMove("ticket-service.inbound-messages", partition, OptionalLong.of(120), 100).line())
                .isEqualTo("ticket-service.inbound-messages  whatsapp.inbound.messages.v1-3  120 -> 100  re-reads 20");
        assertThat(new PartitionMove("g", partition, OptionalLong.of(100), 120).line()).endsWith("100 -> 120  skips 20");
        assertThat(new PartitionMove("g", partition, OptionalLong.of(7), 7).line()).endsWith("7 -> 7  unchanged");
        PartitionMove fresh = new PartitionMove("g", partition, OptionalLong.empty(), 4);
        assertThat(fresh.line()).endsWith("none -> 4  no committed offset: starts at 4");
        assertThat(fresh.recordsToReRead()).isZero();
    }

    @Test
    void topicsNameWholeTopicsOrOnePartitionThatExists() {
        assertThat(PartitionFilter.parse("tickets.events.v1"))
                .isEqualTo(new PartitionFilter("tickets.events.v1", OptionalInt.empty()));
        assertThat(PartitionFilter.parse("tickets.events.v1:3"))
                .isEqualTo(new PartitionFilter("tickets.events.v1", OptionalInt.of(3)));
        assertThatThrownBy(() -> PartitionFilter.parse("tickets.events.v1:x")).hasMessageContaining("<topic>:<partition>");

        List<TopicPartition> twoPartitions = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1));
        assertThat(ReplayPlan.partitions(List.of(PartitionFilter.parse("t")), topic -> twoPartitions))
                .containsExactlyElementsOf(twoPartitions);
        assertThat(ReplayPlan.partitions(List.of(PartitionFilter.parse("t:1")), topic -> twoPartitions))
                .containsExactly(new TopicPartition("t", 1));
        assertThatThrownBy(() -> ReplayPlan.partitions(List.of(PartitionFilter.parse("t:2")), topic -> twoPartitions))
                .hasMessageContaining("t has partitions 0 to 1, not 2");
    }

    @Test
    void aFromThatIsNoneOfTheFormsIsAUsageErrorThatNamesIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = SwitchboardAdmin.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("replay", "--group", "ticket-service", "--from", "yesterday");

        assertThat(exit).isEqualTo(SwitchboardAdmin.USAGE);
        assertThat(err.toString()).contains("--from").contains("'yesterday' is none of");
    }
}
