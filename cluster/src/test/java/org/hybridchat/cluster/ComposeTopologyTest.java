package org.hybridchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run here (no Docker engine; bin/test only validates it), so this checks
 * that it is the topology the cluster tests run: its nginx gets the very proxy template the loopback
 * cluster fills in, with every variable the template names, pointing at the two replicas, which are
 * what Prometheus scrapes.
 */
class ComposeTopologyTest {

    private static final Path ROOT = Path.of("..");
    private static final String TEMPLATE = "deploy/nginx/hybridchat.conf.template";

    @Test
    void composes_nginx_gets_the_clusters_proxy_template_with_every_variable_it_names_set() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        String template = Files.readString(ROOT.resolve(TEMPLATE));

        assertThat(compose).contains("- ./" + TEMPLATE + ":/etc/nginx/templates/hybridchat.conf.template:ro");
        assertThat(Nginx.proxying(8080, List.of("127.0.0.1:1", "127.0.0.1:2"))).as("what the cluster fills in")
                .isEqualTo(template.replace("${PROXY_LISTEN}", "127.0.0.1:8080")
                        .replace("${REPLICA_1}", "127.0.0.1:1").replace("${REPLICA_2}", "127.0.0.1:2"));
        for (String variable : matches("\\$\\{(\\w+)}", template)) {
            assertThat(compose).as("set for nginx").containsPattern("(?m)^ +" + variable + ": ");
        }
    }

    @Test
    void the_proxy_and_prometheus_both_point_at_the_two_replicas() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        String prometheus = Files.readString(ROOT.resolve("monitoring/prometheus/prometheus.yml"));

        List<String> replicas = matches("(?m)^ +REPLICA_\\d: (\\S+)$", compose);
        assertThat(replicas).containsExactly("server-1:8080", "server-2:8080");
        for (String replica : replicas) {
            assertThat(compose).as("a service").containsPattern("(?m)^  " + replica.replaceFirst(":.*", "") + ":");
            assertThat(prometheus).as("scraped").contains("\"" + replica + "\"");
        }
    }

    private static List<String> matches(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
