package org.hybridchat.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * An upstream setting that could only fail later stops the server from starting, with a reason and the
 * property's name, which Spring Boot prints without a stack trace; a good one is taken as written.
 */
class UpstreamSettingsTest {

    @Test
    void an_upstream_needs_a_name_of_its_own_that_can_stand_in_a_label() {
        refused(List.of(upstream(null, "http://10.0.0.5:8000", "m")), "hybridchat.upstreams[0].name", "needs a name");
        refused(List.of(upstream("gpu 1", "http://10.0.0.5:8000", "m")), "hybridchat.upstreams[0].name", "needs a name");
        refused(List.of(upstream("local", "http://10.0.0.5:8000", "m")), "hybridchat.upstreams[0].name",
                "'local' is this server's own model");
        refused(List.of(upstream("gpu-1", "http://10.0.0.5:8000", "m"), upstream("gpu-1", "http://10.0.0.6:8000", "m")),
                "hybridchat.upstreams[1].name", "its own name");
    }

    @Test
    void an_upstream_needs_an_http_address_and_a_model() {
        refused(List.of(upstream("gpu-1", "localhost:8000", "m")), "hybridchat.upstreams[0].url", "http or https");
        refused(List.of(upstream("gpu-1", "ftp://10.0.0.5", "m")), "hybridchat.upstreams[0].url", "http or https");
        refused(List.of(upstream("gpu-1", "http://10.0.0.5:8000/v1?x=1", "m")), "hybridchat.upstreams[0].url",
                "without a query");
        refused(List.of(upstream("gpu-1", null, "m")), "hybridchat.upstreams[0].url", "http or https");
        refused(List.of(upstream("gpu-1", "http://10.0.0.5:8000", " ")), "hybridchat.upstreams[0].model",
                "GET /v1/models");
    }

    @Test
    void the_address_may_end_with_v1_as_openai_clients_write_it_or_not() {
        assertThat(upstream("a", "http://10.0.0.5:8000", "m").apiRoot()).isEqualTo("http://10.0.0.5:8000/v1");
        assertThat(upstream("a", "http://10.0.0.5:8000/", "m").apiRoot()).isEqualTo("http://10.0.0.5:8000/v1");
        assertThat(upstream("a", "http://10.0.0.5:8000/v1/", "m").apiRoot()).isEqualTo("http://10.0.0.5:8000/v1");
        assertThat(upstream("a", "https://llm.example/ollama", "m").apiRoot()).isEqualTo("https://llm.example/ollama/v1");
    }

    @Test
    void good_settings_are_kept_and_the_key_stays_out_of_the_log_line() {
        UpstreamSettings keyed = new UpstreamSettings("gpu-1", URI.create("http://10.0.0.5:8000"), "m", "sk-secret");

        assertThat(UpstreamSettings.checked(List.of(keyed))).containsExactly(keyed);
        assertThat(keyed.toString()).isEqualTo("gpu-1 (http://10.0.0.5:8000/v1, model m, with a key)")
                .doesNotContain("sk-secret");
    }

    private static UpstreamSettings upstream(String name, String url, String model) {
        return new UpstreamSettings(name, url == null ? null : URI.create(url), model, null);
    }

    private static void refused(List<UpstreamSettings> upstreams, String property, String reason) {
        assertThatThrownBy(() -> UpstreamSettings.checked(upstreams))
                .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, refusal -> {
                    assertThat(refusal.getName()).isEqualTo(property);
                    assertThat(refusal.getReason()).contains(reason);
                });
    }
}
