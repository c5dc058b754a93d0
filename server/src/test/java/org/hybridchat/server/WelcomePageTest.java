package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.ActiveProfiles;

/** The browser placement, client-web's jar on the classpath, is the page at {@code /}. */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
class WelcomePageTest {

    @LocalServerPort
    int port;

    @Test
    void the_chat_page_is_served_at_the_root() throws IOException {
        ClassPathResource page = new ClassPathResource("static/index.html");

        HttpResponse<String> response = new ChatApi(port).send("GET", "/", null, null, "text/html");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).isEqualTo(page.getContentAsString(StandardCharsets.UTF_8));
    }
}
