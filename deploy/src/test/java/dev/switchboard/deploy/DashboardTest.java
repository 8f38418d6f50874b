package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The Grafana dashboard shows meters the services really register, under their Prometheus names. */
class DashboardTest {

    private static final Path DASHBOARD = Project.K8S.resolve("components/monitoring/switchboard-dashboard.json");
    private static final Pattern OUR_METRIC = Pattern.compile("\\bswitchboard_[a-z_]+");
    /** What Micrometer's Prometheus registry appends to a meter's name. */
    private static final Pattern SUFFIX = Pattern.compile("(_seconds)?(_total|_bucket|_sum|_count|_max)?$");

    @Test
    void everyPanelQueriesMetersTheServicesRegister() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        String sources = mainSources();
        Set<String> meters = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            if (panel.path("targets").isEmpty()) {
                problems.add(panel.path("title").asText() + ": no query");
            }
            panel.path("targets").forEach(t -> {
                Matcher m = OUR_METRIC.matcher(t.path("expr").asText());
                while (m.find()) {
                    meters.add(SUFFIX.matcher(m.group()).replaceFirst("").replace('_', '.'));
                }
            });
        });
        meters.stream().filter(meter -> !sources.contains("\"" + meter + "\""))
                .forEach(meter -> problems.add("no service registers a meter named \"" + meter + "\""));
        assertThat(meters).as("meters of the dashboard")
                .contains("switchboard.webhooks", "switchboard.outbound.results", "switchboard.outbound.rate.wait",
                        "switchboard.timer.lag");
        assertThat(problems).isEmpty();
    }

    private static String mainSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String module : Project.jibImages().keySet()) {
            try (Stream<Path> files = Files.walk(Project.ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(f));
                }
            }
        }
        return all.toString();
    }
}
