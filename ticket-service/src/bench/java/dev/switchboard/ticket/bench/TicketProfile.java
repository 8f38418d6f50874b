package dev.switchboard.ticket.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.bench.JfrReport;

/**
 * What the JFR report of the replay names ({@link JfrReport}): ticket-service's components and code paths, and what
 * a Kafka listener thread in native code waits for (a thread waiting for PostgreSQL's answer sits in a native socket
 * poll): the statement (repository method), the commit, the poll.
 */
final class TicketProfile {

    private static final String REPOSITORY = "dev.switchboard.ticket.ticket.TicketRepository.";

    static final JfrReport REPORT = new JfrReport(components(), paths())
            .nativeWaits("ticket-inbound-messages", TicketProfile::waitingFor);

    private TicketProfile() {
    }

    private static Map<String, List<String>> components() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("PostgreSQL JDBC driver (pgjdbc)", List.of("org.postgresql."));
        c.put("HikariCP (connection pool)", List.of("com.zaxxer.hikari."));
        c.put("Avro (de)serialisation", List.of("org.apache.avro.", "dev.switchboard.schemas.", "dev.switchboard.events."));
        c.put("Jackson (article content JSON)", List.of("tools.jackson.", "com.fasterxml.jackson."));
        c.put("lz4 decompression", List.of("net.jpountz.", "org.apache.kafka.common.compress."));
        c.put("Kafka client", List.of("org.apache.kafka."));
        c.put("spring-kafka", List.of("org.springframework.kafka."));
        c.put("Spring JDBC (JdbcClient, JdbcTemplate)", List.of("org.springframework.jdbc."));
        c.put("Spring transactions, AOP, proxies", List.of("org.springframework.transaction.", "org.springframework.aop.",
                "org.springframework.cglib.", "dev.switchboard.ticket.ticket.InboundMessages$$",
                "dev.switchboard.ticket.outbox.Outbox$$"));
        c.put("Micrometer (metrics, observations)", List.of("io.micrometer."));
        c.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
        c.put("Tomcat (HTTP: probes, metrics scrapes)", List.of("org.apache.catalina.", "org.apache.coyote.",
                "org.apache.tomcat."));
        c.put("Spring, other", List.of("org.springframework."));
        c.put("ticket-service code", List.of("dev.switchboard.ticket."));
        return c;
    }

    private static Map<String, List<String>> paths() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("Kafka listener container thread, all (poll, apply, commit)", List.of(
                "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run"));
        p.put("  KafkaConsumer.poll (fetch, decompress, deserialise)", List.of(
                "org.apache.kafka.clients.consumer.KafkaConsumer.poll"));
        p.put("    of which Avro deserialisation (EventDeserializer)", List.of("dev.switchboard.schemas.EventDeserializer.deserialize"));
        p.put("  offset commit (commitSync)", List.of("org.apache.kafka.clients.consumer.KafkaConsumer.commitSync"));
        p.put("  RecordBatches.apply: the batch's transaction", List.of("dev.switchboard.ticket.intake.RecordBatches.apply"));
        p.put("    InboundMessages.handle", List.of("dev.switchboard.ticket.ticket.InboundMessages.handle"));
        p.put("      TicketRepository, all statements", List.of(REPOSITORY));
        for (String method : List.of("articleExists", "upsertConversation", "openTicket", "createTicket", "insertInbound",
                "customerWrote", "touch", "markWelcomed", "articleByMessageId", "react", "setOptedOut", "insertOutbound")) {
            p.put("        " + method, List.of(REPOSITORY + method));
        }
        p.put("      Outbox.add (serialise + insert)", List.of("dev.switchboard.ticket.outbox.Outbox.add"));
        p.put("      TicketEvents (building events)", List.of("dev.switchboard.ticket.ticket.TicketEvents."));
        p.put("      InboundContent.of (content map)", List.of("dev.switchboard.ticket.ticket.InboundContent.of"));
        p.put("      Jackson writeValueAsString (content JSON)", List.of("tools.jackson.databind.ObjectMapper.writeValueAsString"));
        p.put("    commit (DataSourceTransactionManager)", List.of(
                "org.springframework.transaction.support.AbstractPlatformTransactionManager.commit"));
        p.put("    transaction begin (getTransaction)", List.of(
                "org.springframework.transaction.support.AbstractPlatformTransactionManager.getTransaction"));
        p.put("  Micrometer / observation around the listener", List.of("io.micrometer."));
        p.put("outbox relay (OutboxRelay.relayOnce)", List.of("dev.switchboard.ticket.outbox.OutboxRelay.relayOnce"));
        p.put("Kafka producer I/O thread (Sender.run)", List.of("org.apache.kafka.clients.producer.internals.Sender.run"));
        p.put("pgjdbc, all (building, sending, parsing)", List.of("org.postgresql."));
        p.put("HTTP (actuator probes, prometheus scrapes)", List.of("org.apache.catalina.", "org.apache.coyote."));
        p.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
        return p;
    }

    /** What a listener thread in native code waits for, from its stack's methods (leaf first). */
    private static String waitingFor(List<String> methods) {
        boolean postgres = false;
        for (String method : methods) {
            if (method.startsWith("org.postgresql.")) {
                postgres = true;
            }
            if (method.startsWith(REPOSITORY)) {
                return "PostgreSQL: TicketRepository." + method.substring(REPOSITORY.length());
            }
            if (method.startsWith("dev.switchboard.ticket.outbox.Outbox.add")) {
                return "PostgreSQL: Outbox.add (insert into outbox)";
            }
            if (method.startsWith("org.springframework.transaction.support.AbstractPlatformTransactionManager.commit")) {
                return "PostgreSQL: commit (WAL flush)";
            }
            if (method.startsWith("org.springframework.transaction.support.AbstractPlatformTransactionManager.getTransaction")) {
                return "PostgreSQL: begin (setAutoCommit false)";
            }
            if (method.startsWith("org.apache.kafka.clients.consumer.KafkaConsumer.commitSync")) {
                return "Kafka: offset commit (commitSync)";
            }
            if (method.startsWith("org.apache.kafka.clients.consumer.KafkaConsumer.poll")) {
                return "Kafka: poll (fetch)";
            }
        }
        return (postgres ? "PostgreSQL: other" : "other") + " (" + methods.get(0) + ")";
    }
}
