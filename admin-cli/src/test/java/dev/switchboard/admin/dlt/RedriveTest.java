package dev.switchboard.admin.dlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import dev.switchboard.admin.dlt.Redrive.Decision;
import dev.switchboard.admin.dlt.Redrive.Outcome;

/** The rules of choosing and re-driving dead letters, without Kafka. */
class RedriveTest {

    private static final Instant PARKED = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theCopyKeepsKeyValueAndHeadersButTheRecoverersAndNamesItsDeadLetter() {
        DeadLetter deadLetter = deadLetter(2, 7, PARKED, List.of(text("trace-id", "t1"),
                text(DeadLetter.ORIGINAL_TOPIC, "orders.v1"), partition(1), offset(41),
                text(DeadLetter.EXCEPTION_FQCN, "java.lang.IllegalStateException"), text("tenant", "acme"),
                text(DeadLetter.REDRIVEN_FROM, "orders.v1.dlt/2/3")));

        ProducerRecord<String, byte[]> copy = Redrive.copy(deadLetter, new TopicPartition("orders.v1", 1));

        assertThat(copy.topic()).isEqualTo("orders.v1");
        assertThat(copy.partition()).isOne();
        assertThat(copy.timestamp()).as("stamped by Kafka when written").isNull();
        assertThat(copy.key()).isEqualTo("k");
        assertThat(copy.value()).isEqualTo(new byte[] {1, 2, 3});
        List<String> headers = new ArrayList<>();
        for (Header header : copy.headers()) {
            headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsExactly("trace-id=t1", "tenant=acme",
                DeadLetter.REDRIVEN_FROM + "=orders.v1.dlt/2/7");
    }

    @Test
    void whereItCameFromIsReadFromTheHeadersNeverGuessed() {
        DeadLetter noTopic = deadLetter(0, 0, PARKED, List.of(partition(0)));
        DeadLetter noPartition = deadLetter(0, 1, PARKED, List.of(text(DeadLetter.ORIGINAL_TOPIC, "orders.v1")));
        DeadLetter textPartition = deadLetter(0, 2, PARKED, List.of(text(DeadLetter.ORIGINAL_TOPIC, "orders.v1"),
                text(DeadLetter.ORIGINAL_PARTITION, "0")));

        List<Decision> decisions = Redrive.decide(List.of(noTopic, noPartition, textPartition), Map.of(),
                topic -> 3, false);

        assertThat(decisions).extracting(Decision::outcome).containsOnly(Outcome.SKIPPED);
        assertThat(decisions.get(0).detail()).contains("no kafka_dlt-original-topic header");
        assertThat(decisions.get(1).detail()).contains("no 4-byte kafka_dlt-original-partition header");
        assertThat(decisions.get(2).detail()).contains("no 4-byte kafka_dlt-original-partition header");
        assertThat(Redrive.searchFrom(List.of(noTopic, noPartition, textPartition))).isEmpty();
    }

    @Test
    void whatWasReDrivenBeforeIsNotSentAgain() {
        DeadLetter first = addressed(0, 5, PARKED);
        DeadLetter second = addressed(0, 6, PARKED);

        List<Decision> decisions = Redrive.decide(List.of(first, second),
                Map.of(first.id(), "orders.v1-0@99"), topic -> 3, false);

        assertThat(decisions.get(0).outcome()).isEqualTo(Outcome.ALREADY_REDRIVEN);
        assertThat(decisions.get(0).detail()).isEqualTo("orders.v1-0@99");
        assertThat(decisions.get(1).outcome()).isEqualTo(Outcome.REDRIVE);
        assertThat(decisions.get(1).target()).isEqualTo(new TopicPartition("orders.v1", 0));
    }

    @Test
    void aCopyParkedAgainIsReDrivenOnlyWhenAskedAgain() {
        DeadLetter parkedAgain = deadLetter(0, 9, PARKED, List.of(text(DeadLetter.ORIGINAL_TOPIC, "orders.v1"),
                partition(0), text(DeadLetter.REDRIVEN_FROM, "orders.v1.dlt/0/5")));

        Decision once = Redrive.decide(List.of(parkedAgain), Map.of(), topic -> 1, false).get(0);
        Decision again = Redrive.decide(List.of(parkedAgain), Map.of(), topic -> 1, true).get(0);
        Decision againButDone = Redrive.decide(List.of(parkedAgain), Map.of(parkedAgain.id(), "orders.v1-0@12"),
                topic -> 1, true).get(0);

        assertThat(once.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(once.detail()).contains("the re-driven copy of orders.v1.dlt/0/5 parked again");
        assertThat(again.outcome()).isEqualTo(Outcome.REDRIVE);
        assertThat(againButDone.outcome()).isEqualTo(Outcome.ALREADY_REDRIVEN);
    }

    @Test
    void aTargetThatDoesNotExistIsSkipped() {
        DeadLetter toPartitionTwo = deadLetter(0, 0, PARKED, List.of(text(DeadLetter.ORIGINAL_TOPIC, "orders.v1"),
                partition(2)));

        assertThat(Redrive.decide(List.of(toPartitionTwo), Map.of(), topic -> 0, false).get(0).detail())
                .isEqualTo("topic orders.v1 does not exist");
        assertThat(Redrive.decide(List.of(toPartitionTwo), Map.of(), topic -> 2, false).get(0).detail())
                .isEqualTo("orders.v1 has no partition 2");
    }

    @Test
    void eachTargetPartitionIsSearchedFromItsEarliestDeadLetterLessTheClockAllowance() {
        Instant earlier = PARKED.minusSeconds(3600);
        Map<TopicPartition, Instant> from = Redrive.searchFrom(List.of(addressed(0, 1, PARKED),
                addressed(0, 2, earlier), deadLetter(1, 0, PARKED.plusSeconds(60),
                        List.of(text(DeadLetter.ORIGINAL_TOPIC, "orders.v1"), partition(1)))));

        assertThat(from).containsExactly(
                Map.entry(new TopicPartition("orders.v1", 0), earlier.minus(Redrive.CLOCK_SKEW_ALLOWANCE)),
                Map.entry(new TopicPartition("orders.v1", 1), PARKED.plusSeconds(60)
                        .minus(Redrive.CLOCK_SKEW_ALLOWANCE)));
    }

    @Test
    void aSelectionChoosesByTimeKeyAndPosition() {
        DeadLetter deadLetter = addressed(1, 4, PARKED);

        assertThat(Selection.ALL.matches(deadLetter)).isTrue();
        assertThat(new Selection(PARKED, null, null, null).matches(deadLetter)).isTrue();
        assertThat(new Selection(PARKED.plusMillis(1), null, null, null).matches(deadLetter)).isFalse();
        assertThat(new Selection(null, "k", null, null).matches(deadLetter)).isTrue();
        assertThat(new Selection(null, "other", null, null).matches(deadLetter)).isFalse();
        assertThat(new Selection(null, null, 1, 4L).matches(deadLetter)).isTrue();
        assertThat(new Selection(null, null, 1, 5L).matches(deadLetter)).isFalse();
        assertThat(new Selection(null, null, 0, null).matches(deadLetter)).isFalse();
        assertThatThrownBy(() -> new Selection(null, null, null, 4L)).hasMessage("--offset needs --partition");
    }

    @Test
    void aTimeIsAnInstantOrADurationBackFromNow() {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");

        assertThat(Selection.time("2026-11-01T00:00:00Z", now)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(Selection.time("PT2H", now)).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(Selection.time("P1D", now)).isEqualTo(Instant.parse("2026-12-05T12:00:00Z"));
        assertThatThrownBy(() -> Selection.time("yesterday", now)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yesterday' is neither");
    }

    @Test
    void listCountsPerPartitionAndReasonsMostFrequentFirst() {
        List<DeadLetter> deadLetters = List.of(
                deadLetter(0, 0, PARKED, List.of(text(DeadLetter.EXCEPTION_FQCN, "a.Wrapper"),
                        text(DeadLetter.EXCEPTION_CAUSE_FQCN, "b.Cause"))),
                deadLetter(1, 0, PARKED.plusSeconds(5), List.of(text(DeadLetter.EXCEPTION_FQCN, "c.Decode"),
                        text(DeadLetter.EXCEPTION_CAUSE_FQCN, "c.Decode"))),
                deadLetter(1, 1, PARKED.minusSeconds(5), List.of(text(DeadLetter.EXCEPTION_FQCN, "c.Decode"))));

        assertThat(new Parked("t.dlt", deadLetters).lines()).containsExactly(
                "t.dlt-0: 1 dead letter, oldest 2026-12-01T10:00:00Z, newest 2026-12-01T10:00:00Z",
                "t.dlt-1: 2 dead letters, oldest 2026-12-01T09:59:55Z, newest 2026-12-01T10:00:05Z",
                "t.dlt: 2 x c.Decode",
                "t.dlt: 1 x a.Wrapper caused by b.Cause");
    }

    @Test
    void anUndecodableValueIsShownAsItsFirstBytesInHex() {
        byte[] long100 = new byte[100];
        long100[0] = (byte) 0xC3;

        assertThat(Describe.hex(new byte[] {0x6e, 0x00, (byte) 0xff})).isEqualTo("6e 00 ff");
        assertThat(Describe.hex(long100)).startsWith("c3 00 00").endsWith(" 00 ...")
                .hasSize(Describe.HEX_BYTES * 3 - 1 + 4);
    }

    private static DeadLetter addressed(int partition, long offset, Instant parked) {
        return deadLetter(partition, offset, parked, List.of(text(DeadLetter.ORIGINAL_TOPIC, "orders.v1"),
                partition(0), offset(offset)));
    }

    private static DeadLetter deadLetter(int partition, long offset, Instant parked, List<Header> headers) {
        return new DeadLetter("orders.v1.dlt", partition, offset, parked, "k", new byte[] {1, 2, 3}, headers);
    }

    private static Header text(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Header partition(int partition) {
        return new RecordHeader(DeadLetter.ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(partition).array());
    }

    private static Header offset(long offset) {
        return new RecordHeader(DeadLetter.ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(offset).array());
    }
}
