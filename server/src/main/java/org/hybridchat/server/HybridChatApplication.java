package org.hybridchat.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.event.EventListener;

/**
 * The server placement: {@code POST /api/chat} streams the server model's reply as AG-UI events over
 * SSE, sessions live in Redis, and the browser placement (client-web) is served at {@code /}.
 */
@SpringBootApplication
public class HybridChatApplication {

    private static final Logger log = LoggerFactory.getLogger(HybridChatApplication.class);

    public static void main(String[] args) {
        // Everything DJL needs ships in the jar; offline, it neither downloads engines nor phones home.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        SpringApplication.run(HybridChatApplication.class, args);
    }

    @EventListener
    void announce(ApplicationReadyEvent ready) {
        String port = ready.getApplicationContext().getEnvironment().getProperty("local.server.port");
        DataRedisConnectionDetails.Standalone redis =
                ready.getApplicationContext().getBean(DataRedisConnectionDetails.class).getStandalone();
        log.info("Hybrid chat is up at http://localhost:{}/ (sessions in Redis at {}:{})",
                port, redis.getHost(), redis.getPort());
    }
}
