package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring that docker-compose.yml starts (monitoring/) fits the real server: Prometheus
 * scrapes the path the server serves, and every series the Grafana dashboard plots is one the
 * server publishes, so no panel stays empty because of a renamed meter.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
class MonitoringTest {

    private static final Path MONITORING = Path.of("..", "monitoring");
    private static final Path DASHBOARD = MONITORING.resolve("grafana/dashboards/hybridchat.json");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "offset", "bool", "and", "or", "unless");

    @LocalServerPort
    int port;

    @Test
    void every_metric_the_dashboard_plots_is_published_by_the_server() throws IOException {
        ChatApi api = new ChatApi(port);
        api.chat(null, "Tell me a story about a daemon.");
        String published = api.send("GET", "/actuator/prometheus", null, null, "text/plain").body();

        Set<String> plotted = new TreeSet<>();
        for (String expr : expressions()) {
            plotted.addAll(metricNames(expr));
        }

        assertThat(plotted).as("metrics in the dashboard's queries").contains(
                "hybridchat_generation_time_to_first_token_seconds_bucket",
                "hybridchat_generation_inter_token_latency_seconds_bucket",
                "hybridchat_generation_queue_depth", "hybridchat_generation_active",
                "hybridchat_generation_refusals_total", "hybridchat_generation_queue_timeouts_total");
        assertThat(plotted).allSatisfy(metric -> assertThat(published).as("published by the server")
                .containsPattern("(?m)^" + Pattern.quote(metric) + "[{ ]"));
    }

    @Test
    void latencies_are_published_as_histograms_with_buckets() {
        ChatApi api = new ChatApi(port);
        api.chat(null, "Tell me a story about a daemon.");
        String published = api.send("GET", "/actuator/prometheus", null, null, "text/plain").body();

        for (String histogram : List.of("time_to_first_token", "inter_token_latency", "queue_wait")) {
            assertThat(published).as(histogram).containsPattern("(?m)^hybridchat_generation_" + histogram
                    + "_seconds_bucket\\{le=\"0\\.0[0-9]+\"} ").containsPattern("(?m)^hybridchat_generation_"
                    + histogram + "_seconds_bucket\\{le=\"\\+Inf\"} [1-9]");
        }
    }

    @Test
    void prometheus_scrapes_the_path_the_server_serves_and_grafana_reads_that_prometheus() throws IOException {
        String scrape = Files.readString(MONITORING.resolve("prometheus/prometheus.yml"));
        Matcher path = Pattern.compile("metrics_path: (\\S+)").matcher(scrape);
        assertThat(path.find()).isTrue();
        assertThat(new ChatApi(port).send("GET", path.group(1), null, null, "text/plain").statusCode()).isEqualTo(200);

        String datasource = Files.readString(MONITORING.resolve("grafana/provisioning/datasources/prometheus.yml"));
        Matcher uid = Pattern.compile("uid: (\\S+)").matcher(datasource);
        assertThat(uid.find()).isTrue();
        JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());
        assertThat(dashboard.findValues("datasource")).isNotEmpty()
                .allSatisfy(source -> assertThat(source.get("uid").asString()).isEqualTo(uid.group(1)));
    }

    @Test
    void compose_mounts_only_monitoring_files_that_exist() throws IOException {
        Matcher mount = Pattern.compile("- (\\./monitoring/\\S+?):").matcher(Files.readString(Path.of("..",
                "docker-compose.yml")));
        int mounts = 0;
        while (mount.find()) {
            mounts++;
            assertThat(Path.of("..").resolve(mount.group(1))).exists();
        }
        assertThat(mounts).isEqualTo(3);
    }

    private static List<String> expressions() {
        JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());
        return dashboard.findValues("expr").stream().map(JsonNode::asString).toList();
    }

    /** The series names in a PromQL expression: what is left once labels, ranges, grouping and functions are out. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
        Matcher name = Pattern.compile("(?<![\\w.])([a-zA-Z_:][\\w:]*+)(?!\\s*\\()").matcher(bare);
        Set<String> names = new TreeSet<>();
        while (name.find()) {
            if (!PROMQL_WORDS.contains(name.group(1))) {
                names.add(name.group(1));
            }
        }
        return names;
    }
}
