package org.hybridchat.server.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.List;
import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.network.ServerModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/** The router, and the upstreams {@code hybridchat.upstreams[i]} names (none by default). */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RoutingConfiguration.class);

    // Closed before the decode loop, which it depends on: no probe outlives the server.
    @Bean(destroyMethod = "close")
    Router router(DecodeLoop loop, ServerModel model, JsonMapper json, MeterRegistry registry, Environment environment,
                  @Value("${hybridchat.routing.connect-timeout}") Duration connectTimeout,
                  @Value("${hybridchat.routing.silence-timeout}") Duration silenceTimeout,
                  @Value("${hybridchat.routing.probe-interval}") Duration probeInterval) {
        List<UpstreamSettings> settings = UpstreamSettings.checked(Binder.get(environment)
                .bind("hybridchat.upstreams", Bindable.listOf(UpstreamSettings.class)).orElse(List.of()));
        WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis())))).build();
        if (!settings.isEmpty()) {
            log.info("Replies the decode loop has no room for go upstream: {}", settings);
        }
        return new Router(loop, model.info().id(),
                settings.stream().map(upstream -> new Upstream(upstream, web, json, silenceTimeout)).toList(),
                probeInterval, registry);
    }
}
