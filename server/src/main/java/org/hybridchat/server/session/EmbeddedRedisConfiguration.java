package org.hybridchat.server.session;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * With no Redis configured ({@code spring.data.redis.host} or {@code .url}, or their environment
 * variables), start one and point Spring Data Redis at it; with one configured, this does nothing.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedRedisConfiguration.NoRedisConfigured.class)
class EmbeddedRedisConfiguration {

    // Stopped after the connection factory that depends on it, so Lettuce closes against a live server.
    @Bean(destroyMethod = "stop")
    EmbeddedRedis embeddedRedis(@Value("${hybridchat.redis.embedded.data-dir:}") String dataDir) {
        return EmbeddedRedis.start(dataDir.isBlank() ? null : Path.of(dataDir));
    }

    @Bean
    DataRedisConnectionDetails embeddedRedisConnectionDetails(EmbeddedRedis redis) {
        return new DataRedisConnectionDetails() {
            @Override
            public Standalone getStandalone() {
                return Standalone.of(redis.host(), redis.port());
            }
        };
    }

    static class NoRedisConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !context.getEnvironment().containsProperty("spring.data.redis.host")
                    && !context.getEnvironment().containsProperty("spring.data.redis.url");
        }
    }
}
