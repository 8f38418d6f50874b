package dev.switchboard.ticket.bench;

import java.util.List;

import dev.switchboard.bench.JfrReport;

/**
 * The JFR report of the replay ({@link JfrReport}): ticket-service's components and code paths (ticket-profile.txt),
 * and what a Kafka listener thread in native code waits for (a thread waiting for PostgreSQL's answer sits in a
 * native socket poll): the statement (repository method), the commit, the poll.
 */
final class TicketProfile {

    private static final String REPOSITORY = "dev.switchboard.ticket.inbound.InboundBatchRepository.";

    static final JfrReport REPORT = JfrReport.fromResource("ticket-profile.txt")
            .nativeWaits("ticket-inbound-messages", TicketProfile::waitingFor);

    private TicketProfile() {
    }

    /** What a listener thread in native code waits for, from its stack's methods (leaf first). */
    private static String waitingFor(List<String> methods) {
        boolean postgres = false;
        for (String method : methods) {
            if (method.startsWith("org.postgresql.")) {
                postgres = true;
            }
            if (method.startsWith(REPOSITORY)) {
                return "PostgreSQL: InboundBatchRepository." + method.substring(REPOSITORY.length());
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
