package dev.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class SwitchboardAdminTest {

    @Test
    void aWrongOptionIsAUsageErrorThatNamesIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = SwitchboardAdmin.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("--no-such-option");

        assertThat(exit).isEqualTo(SwitchboardAdmin.USAGE);
        assertThat(err.toString()).contains("--no-such-option");
    }

    @Test
    void theBrokersDefaultToTheServicesVariableElseLocalhost() {
        KafkaConnection connection = new KafkaConnection();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            KafkaConnection kafka = connection;
        }).parseArgs();

        String expected = System.getenv().getOrDefault("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        assertThat(connection.bootstrapServers()).isEqualTo(expected);
        assertThat(connection.common()).containsEntry("bootstrap.servers", expected);
    }
}
