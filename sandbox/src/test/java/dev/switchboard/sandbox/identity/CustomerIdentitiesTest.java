package dev.switchboard.sandbox.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The ids of one customer: linked per channel, merged when one message names two known ones. */
class CustomerIdentitiesTest {

    private final CustomerIdentities identities = new CustomerIdentities();

    @Test
    void idsNamedTogetherAreOneCustomerOnThatChannelOnly() {
        identities.link("demo", List.of("4915112345678", "US.1349"));

        assertThat(identities.same("demo", "US.1349", "4915112345678")).isTrue();
        assertThat(identities.idsOf("demo", "US.1349")).containsExactlyInAnyOrder("4915112345678", "US.1349");
        assertThat(identities.same("second", "US.1349", "4915112345678")).isFalse();
        assertThat(identities.idsOf("second", "US.1349")).containsExactly("US.1349");
        assertThat(identities.same("demo", "US.1349", "US.other")).isFalse();
    }

    @Test
    void twoCustomersKnownApartMergeWhenAMessageNamesBoth() {
        identities.link("demo", List.of("4915112345678", "US.1"));
        identities.link("demo", List.of("US.2", "US.ENT.9"));

        identities.link("demo", List.of("US.1", "US.2"));

        assertThat(identities.idsOf("demo", "US.ENT.9"))
                .containsExactlyInAnyOrder("4915112345678", "US.1", "US.2", "US.ENT.9");
        assertThat(identities.same("demo", "4915112345678", "US.ENT.9")).isTrue();
    }

    @Test
    void theNewestNumberIsTheCustomersNumber() {
        assertThat(identities.phoneOf("demo", "US.1")).isEmpty();
        identities.link("demo", List.of("4915112345678", "US.1"));
        assertThat(identities.phoneOf("demo", "US.1")).contains("4915112345678");

        identities.link("demo", List.of("4915112345678", "US.1", "4915187654321"));

        assertThat(identities.phoneOf("demo", "US.1")).contains("4915187654321");
    }

    @Test
    void aSingleIdOrNoneLinksNothing() {
        identities.link("demo", java.util.Arrays.asList("4915112345678", null, " "));

        assertThat(identities.idsOf("demo", "4915112345678")).containsExactly("4915112345678");
        assertThat(identities.idsOf("demo", null)).isEmpty();
        assertThat(identities.same("demo", null, null)).isFalse();
    }
}
