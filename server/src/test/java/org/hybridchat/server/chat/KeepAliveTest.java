package org.hybridchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.net.http.HttpResponse;
import java.util.stream.IntStream;

import org.hybridchat.server.ChatApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A browser sends request after request on one kept-alive connection; each must be answered. (Reactor
 * Netty 1.3.7 lost one now and then, until HybridChatApplication set its workaround.)
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
class KeepAliveTest {

    @LocalServerPort
    int port;

    @Test
    void every_request_on_a_kept_alive_connection_is_answered() {
        ChatApi api = new ChatApi(port);
        String sessionId = api.chat(null, "Hello.").sessionId();

        IntStream.range(0, 500).forEach(i -> {
            HttpResponse<String> response =
                    api.send("GET", "/api/sessions/" + sessionId + "/messages", null, null, "application/json");
            assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
        });
    }
}
