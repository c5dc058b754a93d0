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
 * SSE, sessions live in Redis, and the browser placement (client-web) is served at {@code /}. The
 * same model answers OpenAI clients at {@code /v1/chat/completions}, batched with the chat's replies.
 */
@SpringBootApplication
public class HybridChatApplication {

    private static final Logger log = LoggerFactory.getLogger(HybridChatApplication.class);

    // Both are read once, when their library's classes load; a static initializer runs before main()
    // and, in tests, before Spring starts the web server, so the settings are always in place.
    static {
        // Everything DJL needs ships in the jar; offline, it neither downloads engines nor phones home.
        setIfAbsent("ai.djl.offline", "true");
        // Reactor Netty 1.3.7 can stop reading a kept-alive connection when the next request arrives
        // before the previous exchange has terminated, and that client then waits forever
        // (reactor/reactor-netty#4361). With this setting the previous exchange terminates first.
        // Upgrading is no way out here yet: the next Reactor Netty needs Netty 4.2.19, whose native
        // jars are missing from Maven Central. KeepAliveTest fails without it.
        setIfAbsent("reactor.netty.http.server.lastFlushWhenNoRead", "true");
    }

    public static void main(String[] args) {
        SpringApplication.run(HybridChatApplication.class, args);
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
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
