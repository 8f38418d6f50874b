package dev.switchboard.ticket.inbound.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.SystemChange;
import dev.switchboard.events.SystemChangeKind;
import dev.switchboard.ticket.store.CustomerKeys;
import dev.switchboard.ticket.flow.TicketTestKit;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Claims;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Identity;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.IdentityWrite;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Kind;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Known;

/** The identity rules, plain Java: which ids a message names, what they resolve to, what a change retires. */
class IdentityResolutionTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aMessageNamesItsSendersIds() {
        Claims claims = IdentityResolution.claims(message(customer("4911", "US.1", "US.ENT.1")));

        assertThat(claims.current()).containsExactly(wa("4911"), user("US.1"), parent("US.ENT.1"));
        assertThat(claims.replaced()).isEmpty();
    }

    @Test
    void aNumberChangeReplacesTheSendersNumberByTheNewOne() {
        Claims claims = IdentityResolution.claims(system(customer("4911", "US.1", null),
                SystemChange.newBuilder().setKind(SystemChangeKind.USER_CHANGED_NUMBER).setNewWaId("4922")
                        .setNewUserId("US.1").build()));

        assertThat(claims.current()).containsExactly(wa("4922"), user("US.1"));
        assertThat(claims.replaced()).containsExactly(wa("4911"));
    }

    @Test
    void aBsuidChangeReplacesThePreviousBsuid() {
        Claims claims = IdentityResolution.claims(system(customer(null, "US.1", null),
                SystemChange.newBuilder().setKind(SystemChangeKind.USER_CHANGED_USER_ID).setPreviousUserId("US.1")
                        .setNewUserId("US.2").setPreviousParentUserId("US.ENT.1").setNewParentUserId("US.ENT.2")
                        .build()));

        assertThat(claims.current()).containsExactly(user("US.2"), parent("US.ENT.2"));
        assertThat(claims.replaced()).containsExactly(user("US.1"), parent("US.ENT.1"));
    }

    @Test
    void anIdentityHashChangeChangesNoId() {
        Claims claims = IdentityResolution.claims(system(customer("4911", null, null),
                SystemChange.newBuilder().setKind(SystemChangeKind.CUSTOMER_IDENTITY_CHANGED).setIdentityHash("h")
                        .build()));

        assertThat(claims.current()).containsExactly(wa("4911"));
        assertThat(claims.replaced()).isEmpty();
    }

    @Test
    void idsResolveToTheirConversationsUnlessRetired() {
        IdentityResolution identities = new IdentityResolution(Map.of(
                wa("4911"), new Known("4911", null),
                user("US.1"), new Known("US.1", null),
                wa("4933"), new Known("4933", T0)));

        assertThat(identities.conversations(IdentityResolution.claims(message(customer("4911", "US.1", null)))))
                .containsExactly("4911", "US.1");
        assertThat(identities.conversations(IdentityResolution.claims(message(customer("4933", null, null)))))
                .as("a retired number leads nowhere").isEmpty();
        assertThat(identities.isRetired(wa("4933"))).isTrue();
    }

    @Test
    void aConversationLearnsIdsRetiresReplacedOnesAndTakesOverRetiredOnes() {
        IdentityResolution identities = new IdentityResolution(Map.of(
                wa("4911"), new Known("4911", null),
                wa("4944"), new Known("old", T0)));
        Claims change = IdentityResolution.claims(system(customer("4911", null, null),
                SystemChange.newBuilder().setKind(SystemChangeKind.USER_CHANGED_NUMBER).setNewWaId("4922").build()));

        identities.record(change, "4911", T0.plusSeconds(5));
        identities.record(IdentityResolution.claims(message(customer("4944", "US.9", null))), "US.9", T0.plusSeconds(9));

        assertThat(identities.writes()).containsExactly(
                new IdentityWrite("c", Kind.WA_ID, "4922", "4911", null),
                new IdentityWrite("c", Kind.WA_ID, "4911", "4911", T0.plusSeconds(5)),
                new IdentityWrite("c", Kind.WA_ID, "4944", "US.9", null),
                new IdentityWrite("c", Kind.USER_ID, "US.9", "US.9", null));
        assertThat(identities.aliases("c", "4911")).containsExactly("4922");
        assertThat(identities.aliases("c", "US.9")).containsExactly("4944");
    }

    @Test
    void aMergePointsEveryIdOfTheLoserAtTheSurvivorAndKeepsRetiredOnesRetired() {
        IdentityResolution identities = new IdentityResolution(Map.of(
                wa("4911"), new Known("4911", null),
                user("US.1"), new Known("US.1", null),
                parent("US.ENT.1"), new Known("US.1", null),
                user("US.0"), new Known("US.1", T0)));

        identities.merge("c", "US.1", "4911");

        assertThat(identities.aliases("c", "4911")).as("parents and retired ids are no keys").containsExactly("US.1");
        assertThat(identities.writes()).extracting(IdentityWrite::customerId).containsOnly("4911");
        assertThat(identities.writes()).filteredOn(w -> w.value().equals("US.0")).singleElement()
                .satisfies(w -> assertThat(w.retiredAt()).isEqualTo(T0));
    }

    @Test
    void aNewConversationsKeyIsItsNaturalOneElseNumbered() {
        assertThat(CustomerKeys.candidates("4911")).startsWith("4911", "4911~2", "4911~3")
                .hasSize(CustomerKeys.CANDIDATES);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Identity wa(String value) {
        return new Identity("c", Kind.WA_ID, value);
    }

    private static Identity user(String value) {
        return new Identity("c", Kind.USER_ID, value);
    }

    private static Identity parent(String value) {
        return new Identity("c", Kind.PARENT_USER_ID, value);
    }

    private static Customer customer(String waId, String userId, String parentUserId) {
        return Customer.newBuilder().setWaId(waId).setUserId(userId).setParentUserId(parentUserId).build();
    }

    private static InboundMessage message(Customer customer) {
        return TicketTestKit.text("c", "0", "m1", "hi", T0).setCustomer(customer).build();
    }

    private static InboundMessage system(Customer customer, SystemChange change) {
        return TicketTestKit.text("c", "0", "m1", null, T0).setCustomer(customer).setType(InboundMessageType.SYSTEM)
                .setSystem(change).build();
    }
}
