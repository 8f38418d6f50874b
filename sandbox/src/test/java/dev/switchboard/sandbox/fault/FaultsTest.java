package dev.switchboard.sandbox.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.channel.Provider;
import dev.switchboard.sandbox.support.TestChannels;

class FaultsTest {

    private final Random random = new Random(42);
    private final Faults faults = new Faults(TestChannels.demo(), random::nextDouble);

    private static FaultRequest code(int code) {
        return new FaultRequest(code, null, null, null, null, null, null, null, null, null, null);
    }

    private static FaultRequest delayed(Integer code, int delayMillis) {
        return new FaultRequest(code, null, null, null, null, null, null, null, null, null, delayMillis);
    }

    private long strikes(int sends, Provider provider, String channel, String recipient) {
        return IntStream.range(0, sends).mapToObj(i -> faults.strike(provider, channel, recipient))
                .filter(Optional::isPresent).count();
    }

    @Test
    void aCountStrikesExactlyThatManySends() {
        Fault fault = faults.add(new FaultRequest(130429, null, 3, null, null, null, null, null, null, null, null));
        assertThat(strikes(10, Provider.META, "demo", "4915112345678")).isEqualTo(3);
        assertThat(fault.remaining()).isZero();
        assertThat(fault.hits()).isEqualTo(3);
        assertThat(faults.list()).containsExactly(fault);
    }

    @Test
    void aRatioStrikesThatShareOfSends() {
        faults.add(new FaultRequest(131056, null, null, 0.2, null, null, null, null, null, null, null));
        // 10,000 draws at 0.2: 2,000 expected, a standard deviation of 40.
        assertThat(strikes(10_000, Provider.META, "demo", "4915112345678")).isBetween(1_800L, 2_200L);
    }

    @Test
    void aRecipientFaultStrikesOnlyThatCustomerWhateverTheAddressForm() {
        faults.add(new FaultRequest(131056, null, null, null, "+49 151 12345678", null, null, null, null, null, null));
        assertThat(strikes(5, Provider.META, "demo", "4915199999999")).isZero();
        assertThat(strikes(5, Provider.META, "demo", "4915112345678")).isEqualTo(5);
        assertThat(strikes(1, Provider.TWILIO, "demo-twilio", "whatsapp:+4915112345678")).isZero();
    }

    @Test
    void aChannelFaultStrikesOnlyThatChannel() {
        faults.add(new FaultRequest(null, 503, 2, null, null, "demo-twilio", null, null, null, null, null));
        assertThat(strikes(3, Provider.META, "demo", "4915112345678")).isZero();
        assertThat(strikes(3, Provider.TWILIO, "demo-twilio", "4915112345678")).isEqualTo(2);
    }

    @Test
    void theProviderFollowsTheCodeUnlessNamed() {
        assertThat(faults.add(code(130429)).provider()).isEqualTo("meta");
        assertThat(faults.add(code(80007)).provider()).isEqualTo("meta");
        assertThat(faults.add(code(20429)).provider()).isEqualTo("twilio");
        assertThat(faults.add(code(63016)).provider()).isEqualTo("twilio");
        assertThat(faults.add(new FaultRequest(null, 503, null, null, null, null, null, null, null, null, null)).provider())
                .isNull();
    }

    @Test
    void aFaultWithoutCountStrikesUntilCleared() {
        faults.add(code(131000));
        assertThat(strikes(20, Provider.META, "demo", "4915112345678")).isEqualTo(20);
        faults.clear();
        assertThat(strikes(20, Provider.META, "demo", "4915112345678")).isZero();
    }

    @Test
    void nonsenseIsRefusedWithAReason() {
        assertThatThrownBy(() -> faults.add(new FaultRequest(null, null, 1, null, null, null, null, null, null, null, null)))
                .hasMessageContaining("needs a code");
        assertThatThrownBy(() -> faults.add(delayed(null, 0)))
                .hasMessageContaining("delayMillis must be above 0 and at most 120000, not 0");
        assertThatThrownBy(() -> faults.add(delayed(null, 120_001)))
                .hasMessageContaining("delayMillis must be above 0 and at most 120000, not 120001");
        assertThatThrownBy(() -> faults.add(new FaultRequest(131026, null, null, null, null, null, null, null, null,
                true, 1000))).hasMessageContaining("never accepted");
        assertThatThrownBy(() -> faults.add(new FaultRequest(130429, null, 0, null, null, null, null, null, null, null, null)))
                .hasMessageContaining("count");
        assertThatThrownBy(() -> faults.add(new FaultRequest(130429, null, null, 1.5, null, null, null, null, null, null, null)))
                .hasMessageContaining("ratio");
        assertThatThrownBy(() -> faults.add(new FaultRequest(null, 200, null, null, null, null, null, null, null, null, null)))
                .hasMessageContaining("httpStatus");
        assertThatThrownBy(() -> faults.add(new FaultRequest(130429, null, null, null, null, "nope", null, null, null, null, null)))
                .hasMessageContaining("unknown channelId nope");
        assertThatThrownBy(() -> faults.add(new FaultRequest(130429, null, null, null, null, "demo", "twilio", null,
                null, null, null))).hasMessageContaining("demo is a meta channel");
    }

    @Test
    void aDelayAloneIsA503OfEitherProviderHeldThatLong() {
        Fault fault = faults.add(delayed(null, 15_000));
        assertThat(fault.httpStatus()).isEqualTo(503);
        assertThat(fault.code()).isNull();
        assertThat(fault.provider()).isNull();
        assertThat(fault.delayMillis()).isEqualTo(15_000);
        assertThat(fault.delay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(strikes(2, Provider.META, "demo", "4915112345678")).isEqualTo(2);
        assertThat(strikes(2, Provider.TWILIO, "demo-twilio", "4915112345678")).isEqualTo(2);
        assertThat(faults.add(delayed(null, FaultRequest.MAX_DELAY_MILLIS)).delay()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aDelayedCodeIsAnsweredNeverAcceptedEvenWhenTheProviderReportsItLater() {
        Fault late = faults.add(code(131026));
        Fault delayed = faults.add(delayed(131026, 500));
        assertThat(late.reportedLater(Set.of(131026))).isTrue();
        assertThat(delayed.reportedLater(Set.of(131026))).isFalse();
        assertThat(delayed.httpStatus()).isNull();
        assertThat(late.delay()).isZero();
    }
}
