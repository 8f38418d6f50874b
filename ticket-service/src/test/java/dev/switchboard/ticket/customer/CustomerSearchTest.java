package dev.switchboard.ticket.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.switchboard.testing.SharedPostgres;
import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.Caller.Role;
import dev.switchboard.ticket.customer.CustomerSearch.Found;

/** The customer search on a real PostgreSQL: what q matches, and that an agent finds only their groups' customers. */
class CustomerSearchTest {

    private static final Caller SALES = new Caller(1L, "ana", "Ana", Role.AGENT, Set.of("Sales"));
    private static final Caller ADMIN = Caller.staticToken("api");

    private JdbcClient jdbc;
    private CustomerSearch search;

    @BeforeEach
    void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(SharedPostgres.createDatabase(),
                SharedPostgres.USER, SharedPostgres.PASSWORD);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        search = new CustomerSearch(jdbc);
        customer("shop", "4915112345678", "US.1", "zoe_w", "Zoë Weber", "Sales");
        customer("club", "4915112345999", null, null, "Zoltan", "Club");
        customer("shop", "US.2", null, "max_100%", "Max", "Sales");
    }

    @Test
    void findsByNumberPrefixUsernameAndNamePrefix() {
        assertThat(search.find(ADMIN, "+4915112345", null, 20)).extracting(Found::customerId)
                .containsExactlyInAnyOrder("4915112345678", "4915112345999");
        assertThat(search.find(ADMIN, "@ZOE", null, 20)).extracting(Found::customerId).containsExactly("4915112345678");
        assertThat(search.find(ADMIN, "zo", null, 20)).extracting(Found::name)
                .containsExactlyInAnyOrder("Zoltan", "Zoë Weber");
        assertThat(search.find(ADMIN, "max_100%", null, 20)).extracting(Found::userId).containsExactly("US.2");
        assertThat(search.find(ADMIN, "max_1000", null, 20)).as("% and _ are no wildcards").isEmpty();
        assertThat(search.find(ADMIN, "zo", "club", 20)).extracting(Found::channelId).containsExactly("club");
        assertThat(search.find(ADMIN, "zo", null, 1)).hasSize(1);
    }

    @Test
    void anAgentFindsOnlyCustomersOfTheirGroups() {
        assertThat(search.find(SALES, "zo", null, 20)).singleElement().satisfies(f -> {
            assertThat(f.customerId()).isEqualTo("4915112345678");
            assertThat(f.userId()).isEqualTo("US.1");
            assertThat(f.username()).isEqualTo("zoe_w");
            assertThat(f.ticketId()).isNotNull();
        });
        assertThat(search.find(SALES, "+4915112345999", null, 20)).isEmpty();
    }

    private void customer(String channelId, String customerId, String userId, String username, String name,
                          String group) {
        jdbc.sql("""
                        insert into conversation (channel_id, customer_id, wa_id, user_id, username, name, created_at)
                        values (?, ?, ?, ?, ?, ?, now())""")
                .params(channelId, customerId, customerId.startsWith("US.") ? null : customerId,
                        customerId.startsWith("US.") ? customerId : userId, username, name)
                .update();
        jdbc.sql("""
                        insert into ticket (channel_id, customer_id, state, group_name, created_at, updated_at)
                        values (?, ?, 'open', ?, now(), now())""")
                .params(channelId, customerId, group).update();
    }
}
