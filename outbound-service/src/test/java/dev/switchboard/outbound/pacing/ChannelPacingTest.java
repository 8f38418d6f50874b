package dev.switchboard.outbound.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.switchboard.outbound.pacing.ChannelPacing.Settings;
import dev.switchboard.outbound.pacing.ChannelPacing.Source;

/** Pacing from what the admin set, else what Meta reports for the sending number, else WhatsApp's defaults. */
class ChannelPacingTest {

    @Test
    void theAdminsOverrideWinsOverWhatMetaReports() {
        assertThat(ChannelPacing.decide(20, "10k", 1000, "TIER_UNLIMITED"))
                .isEqualTo(new Settings(20, "10K", Source.OVERRIDE, Source.OVERRIDE));
    }

    @Test
    void withoutAnOverrideTheNumbersReportedThroughputAndMessagingLimitApply() {
        assertThat(ChannelPacing.decide(null, null, 1000, "TIER_2K"))
                .isEqualTo(new Settings(1000, "2K", Source.REPORTED, Source.REPORTED));
    }

    @Test
    void withNothingSetOrReportedWhatsAppsDefaultsApply() {
        assertThat(ChannelPacing.decide(null, null, null, null))
                .isEqualTo(new Settings(80, "250", Source.DEFAULT, Source.DEFAULT));
        assertThat(ChannelPacing.decide(null, " ", null, " "))
                .isEqualTo(new Settings(80, "250", Source.DEFAULT, Source.DEFAULT));
    }

    @Test
    void eachSettingFallsBackOnItsOwn() {
        assertThat(ChannelPacing.decide(null, "unlimited", 40, null))
                .isEqualTo(new Settings(40, "UNLIMITED", Source.REPORTED, Source.OVERRIDE));
        assertThat(ChannelPacing.decide(500, null, null, "TIER_10K"))
                .isEqualTo(new Settings(500, "10K", Source.OVERRIDE, Source.REPORTED));
    }

    @Test
    void anOverrideThatIsNoTierOrNoRateIsIgnored() {
        assertThat(ChannelPacing.decide(0, "lots", 80, "TIER_250"))
                .isEqualTo(new Settings(80, "250", Source.REPORTED, Source.REPORTED));
    }

    @Test
    void throughputStaysWithinMetasRange() {
        assertThat(ChannelPacing.decide(null, null, 5000, null).throughput()).isEqualTo(1000);
    }

    @ParameterizedTest(name = "{0} → {1} ({2} a day)")
    @CsvSource(delimiter = '|', textBlock = """
            TIER_250       | 250       | 250
            TIER_1K        | 1K        | 1000
            TIER_2K        | 2K        | 2000
            TIER_10K       | 10K       | 10000
            TIER_100K      | 100K      | 100000
            TIER_UNLIMITED | UNLIMITED | 9223372036854775807
            tier_2k        | 2K        | 2000
            # Meta's lowest tier, a number without a tier yet, and what this rule does not know: the lowest
            TIER_50        | 50        | 50
            NOT_SET        | 50        | 50
            TIER_SOMETHING | 50        | 50
            """)
    void metasMessagingLimitsAsTiers(String reported, String tier, long perDay) {
        Settings settings = ChannelPacing.decide(null, null, null, reported);
        assertThat(settings.tier()).isEqualTo(tier);
        assertThat(settings.tierLimit()).isEqualTo(perDay);
    }
}
