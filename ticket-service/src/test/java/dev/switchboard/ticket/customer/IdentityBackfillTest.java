package dev.switchboard.ticket.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.switchboard.events.Customer;
import dev.switchboard.testing.SharedPostgres;

/**
 * V11 on a database that already holds conversations (as before identities were kept): each id goes to the oldest
 * conversation that has it, and the duplicates of today (a BSUID-only conversation, then a number-and-BSUID one) are
 * merged, not lost. On a real PostgreSQL, migrated to V10, filled, then migrated.
 */
class IdentityBackfillTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @Test
    void aCustomersTwoConversationsBecomeOneAndEveryIdResolves() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(SharedPostgres.createDatabase(),
                SharedPostgres.USER, SharedPostgres.PASSWORD);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("10").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // Ana wrote BSUID-only first, then with her number and BSUID: two conversations, two open tickets.
        conversation(jdbc, "US.1", null, "US.1", T0, T0.plusSeconds(10), true, T0.plusSeconds(10));
        conversation(jdbc, "4911", "4911", "US.1", T0.plusSeconds(100), T0.plusSeconds(200), false, null);
        // Ben: one conversation, untouched
        conversation(jdbc, "4922", "4922", "US.2", T0, T0, false, null);
        long anaFirst = ticket(jdbc, "US.1", "closed");
        long anaOpen = ticket(jdbc, "US.1", "open");
        long anaSecond = ticket(jdbc, "4911", "open");
        long ben = ticket(jdbc, "4922", "open");

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

        assertThat(jdbc.sql("select kind || ':' || value || '->' || customer_id from customer_identity order by 1")
                .query(String.class).list()).containsExactly("user_id:US.1->US.1", "user_id:US.2->4922",
                "wa_id:4911->US.1", "wa_id:4922->4922");
        assertThat(jdbc.sql("select id || ':' || customer_id || ':' || state from ticket order by id")
                .query(String.class).list()).containsExactly(anaFirst + ":US.1:closed", anaOpen + ":US.1:open",
                anaSecond + ":US.1:closed", ben + ":4922:open");
        assertThat(jdbc.sql("select text from ticket_note where ticket_id = ?").param(anaSecond).query(String.class)
                .single()).startsWith("Merged into #" + anaOpen);
        Map<String, Object> ana = jdbc.sql("""
                        select wa_id, user_id, last_customer_message_at, opted_out, welcomed, merged_into
                        from conversation where customer_id = 'US.1'""").query().singleRow();
        assertThat(ana.get("wa_id")).isEqualTo("4911");
        assertThat(((Timestamp) ana.get("last_customer_message_at")).toInstant()).isEqualTo(T0.plusSeconds(200));
        assertThat(ana.get("opted_out")).as("her newest opt-out change").isEqualTo(true);
        assertThat(ana.get("welcomed")).isEqualTo(true);
        assertThat(ana.get("merged_into")).isNull();
        assertThat(jdbc.sql("select merged_into from conversation where customer_id = '4911'").query(String.class)
                .single()).isEqualTo("US.1");
        IdentityTableDirectory directory = new IdentityTableDirectory(jdbc);
        assertThat(directory.resolve("shop", Customer.newBuilder().setWaId("4911").build())).contains("US.1");
        assertThat(directory.resolve("shop", Customer.newBuilder().setUserId("US.2").build())).contains("4922");
        assertThat(directory.resolve("other", Customer.newBuilder().setWaId("4911").build()))
                .as("identities are per channel").isEmpty();
    }

    private static void conversation(JdbcClient jdbc, String customerId, String waId, String userId, Instant createdAt,
                                     Instant lastMessageAt, boolean optedOut, Instant optedChangedAt) {
        jdbc.sql("""
                        insert into conversation (channel_id, customer_id, wa_id, user_id, name, last_customer_message_at,
                                                  opted_out, opted_changed_at, welcomed, created_at)
                        values ('shop', ?, ?, ?, 'Ana', ?, ?, ?, true, ?)""")
                .params(customerId, waId, userId, Timestamp.from(lastMessageAt), optedOut,
                        optedChangedAt == null ? null : Timestamp.from(optedChangedAt), Timestamp.from(createdAt))
                .update();
    }

    private static long ticket(JdbcClient jdbc, String customerId, String state) {
        return jdbc.sql("""
                        insert into ticket (channel_id, customer_id, state, group_name, created_at, updated_at)
                        values ('shop', ?, ?, 'Sales', now(), now()) returning id""")
                .params(customerId, state).query(Long.class).single();
    }

}
