package org.hybridchat.server.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.server.ChatApi;
import org.hybridchat.server.session.SessionId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every kind of bad request gets a 4xx with a problem+json body, never a stack trace, and changes
 * nothing stored: each one names a real session, whose conversation is compared before and after.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final String JSON = "application/json";
    private static final String SSE = "text/event-stream";

    @LocalServerPort
    int port;

    ChatApi api;
    String sessionId;
    Conversation stored;

    @BeforeAll
    void startASession() {
        api = new ChatApi(port);
        sessionId = api.chat(null, "What is a daemon?").sessionId();
        stored = api.history(sessionId);
    }

    /** {@code SESSION} in the path or body stands for the real session's id. */
    record BadRequest(String what, String method, String path, String contentType, String body, String accept,
            int status) {
        @Override
        public String toString() {
            return what + " -> " + status;
        }
    }

    static Stream<BadRequest> badRequests() {
        String hi = inSession("\"hi\"");
        String overTheLimit = quoted("a".repeat(ChatRequest.MAX_MESSAGE_LENGTH + 1));
        return Stream.of(
                chat("malformed JSON", "{\"sessionId\":\"SESSION\",\"message\":", 400),
                chat("JSON that is not an object", "[\"SESSION\",\"hello\"]", 400),
                chat("no message", "{\"sessionId\":\"SESSION\"}", 400),
                chat("a message that is not a string", inSession("42"), 400),
                chat("an empty message", inSession("\"\""), 400),
                chat("a blank message", inSession("\" \\n\\t \""), 400),
                chat("a message over the limit", inSession(overTheLimit), 400),
                chat("no body at all", null, 400),
                chat("a body over the server's limit", inSession(quoted("a".repeat(300_000))), 413),
                chat("a malformed session id", "{\"sessionId\":\"../SESSION\",\"message\":\"hi\"}", 404),
                chat("an unknown session id", hi.replace("SESSION", SessionId.random().value()), 404),
                new BadRequest("a body that is not JSON", "POST", "/api/chat", "text/plain", hi, SSE, 415),
                new BadRequest("a client that cannot read an event stream", "POST", "/api/chat", JSON, hi, JSON, 406),
                new BadRequest("GET on the chat", "GET", "/api/chat", null, null, SSE, 405),
                new BadRequest("PUT on the chat", "PUT", "/api/chat", JSON, hi, SSE, 405),
                new BadRequest("DELETE on a history", "DELETE", "/api/sessions/SESSION/messages",
                        null, null, JSON, 405),
                new BadRequest("an unknown API path", "GET", "/api/sessions/SESSION", null, null, JSON, 404),
                new BadRequest("an unknown page", "GET", "/no-such-page.html", null, null, "text/html", 404),
                new BadRequest("the history of an unknown session", "GET",
                        "/api/sessions/" + SessionId.random().value() + "/messages", null, null, JSON, 404),
                new BadRequest("the history of a malformed session id", "GET", "/api/sessions/..%2FSESSION/messages",
                        null, null, JSON, 404));
    }

    private static BadRequest chat(String what, String body, int status) {
        return new BadRequest(what, "POST", "/api/chat", JSON, body, SSE, status);
    }

    private static String inSession(String message) {
        return "{\"sessionId\":\"SESSION\",\"message\":" + message + "}";
    }

    private static String quoted(String text) {
        return '"' + text + '"';
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void bad_input_gets_a_problem_and_loses_nothing_stored(BadRequest bad) {
        HttpResponse<String> response = api.send(bad.method(), bad.path().replace("SESSION", sessionId),
                bad.contentType(), bad.body() == null ? null : bad.body().replace("SESSION", sessionId), bad.accept());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(bad.status());
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + bad.status()).doesNotContain("Exception", "\tat ");
        assertThat(api.history(sessionId)).isEqualTo(stored);
    }

    @Test
    void a_message_of_exactly_the_limit_is_accepted() {
        HttpResponse<Stream<String>> response = api.openChat(null, "a".repeat(ChatRequest.MAX_MESSAGE_LENGTH));
        try (Stream<String> lines = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(WireFormat.decodeEvent(lines.findFirst().orElseThrow().substring("data:".length())))
                    .isInstanceOf(RunStarted.class);
        }
    }
}
