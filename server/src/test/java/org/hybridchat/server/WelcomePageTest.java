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

    @Test
    void the_page_has_an_icon_so_browsers_ask_for_nothing_that_is_missing() {
        ChatApi api = new ChatApi(port);
        assertThat(api.send("GET", "/", null, null, "text/html").body())
                .contains("<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">");

        HttpResponse<String> svg = api.send("GET", "/favicon.svg", null, null, "image/*");
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("image/svg+xml"));
        assertThat(svg.body()).startsWith("<svg ");

        // the conventional path, for clients that never read the page's <link>
        HttpResponse<String> ico = api.send("GET", "/favicon.ico", null, null, "image/*");
        assertThat(ico.statusCode()).isEqualTo(200);
        assertThat(ico.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("image/"));
    }
}
