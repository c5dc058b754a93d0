package org.hybridchat.server.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.server.ChatApi;
import org.hybridchat.server.RawHttp;
import org.hybridchat.server.session.SessionId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every kind of bad request, on every API, gets a 4xx with the API's error body (problem+json on
 * {@code /api}, OpenAI's error JSON, always {@code application/json}, on {@code /v1}), never a stack
 * trace, a 5xx or a dropped connection, and changes nothing stored: each names a real session, and
 * its conversation and the set of stored sessions are compared before and after. The requests go
 * out byte for byte over a socket, so that the ones no client library would send (an over-long
 * request line, bytes that are not UTF-8) are in the table too.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final String JSON = "application/json";
    private static final String SSE = "text/event-stream";
    /** What a browser-ish client may send: an event stream first, JSON also welcome. */
    private static final String EITHER = "text/event-stream, application/json";
    private static final String COMPLETIONS = "/v1/chat/completions";

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    ChatApi api;
    String sessionId;
    Conversation stored;

    @BeforeAll
    void startASession() {
        api = new ChatApi(port);
        sessionId = api.chat(null, "What is a daemon?").sessionId();
        stored = api.history(sessionId);
    }

    /** {@code SESSION} in the path or body stands for the real session's id; extra headers are "Name: value" lines. */
    record BadRequest(String what, String method, String path, String contentType, byte[] body, String accept,
            List<String> headers, int status) {
        @Override
        public String toString() {
            return what + " -> " + status;
        }

        BadRequest withPath(String longer) {
            return new BadRequest(what, method, longer, contentType, body, accept, headers, status);
        }

        BadRequest header(String line) {
            List<String> more = new ArrayList<>(headers);
            more.add(line);
            return new BadRequest(what, method, path, contentType, body, accept, more, status);
        }
    }

    static Stream<BadRequest> badRequests() {
        String hi = inSession("\"hi\"");
        String overTheLimit = quoted("a".repeat(ChatRequest.MAX_MESSAGE_LENGTH + 1));
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        return Stream.of(
                // /api/chat: the body
                chat("malformed JSON", "{\"sessionId\":\"SESSION\",\"message\":", 400),
                chat("JSON that is not an object", "[\"SESSION\",\"hello\"]", 400),
                chat("no message", "{\"sessionId\":\"SESSION\"}", 400),
                chat("a message that is not a string", inSession("42"), 400),
                chat("a session id that is not a string", "{\"sessionId\":7,\"message\":\"hi\"}", 400),
                chat("a field twice", "{\"sessionId\":\"SESSION\",\"message\":\"hi\",\"message\":\"ho\"}", 400),
                chat("text after the JSON", hi + "{}", 400),
                chat("an empty message", inSession("\"\""), 400),
                chat("a blank message", inSession("\" \\n\\t \""), 400),
                chat("a message of one NUL", inSession("\"\\u0000\""), 400),
                chat("a message of control characters", inSession("\"\\u0001\\u001f\\u007f\\u0085\""), 400),
                chat("a message of invisible characters", inSession("\"\\u200b\\u200d\\ufeff\\u2060\""), 400),
                chat("a message with a lone surrogate", inSession("\"hi \\ud800\""), 400),
                chat("a message over the limit", inSession(overTheLimit), 400),
                chat("a body nested 20,000 levels deep", "{\"sessionId\":\"SESSION\",\"message\":" + deep + "}", 400),
                chat("a message nested 20,000 objects deep",
                        inSession("\"hi\",\"x\":" + "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000)), 400),
                chat("no body at all", (byte[]) null, 400),
                chat("a body that is not UTF-8", bytes("{\"sessionId\":\"SESSION\",\"message\":\"caf", 0xE9, '"', '}'),
                        400),
                chat("a body with an overlong UTF-8 encoding", bytes("{\"sessionId\":\"SESSION\",\"message\":\"",
                        0xC0, 0xAF, '"', '}'), 400),
                chat("a body with a surrogate encoded in UTF-8", bytes("{\"sessionId\":\"SESSION\",\"message\":\"",
                        0xED, 0xA0, 0x80, '"', '}'), 400),
                chat("a body in UTF-16", hi.getBytes(StandardCharsets.UTF_16LE), 400),
                chat("a body over the server's limit", inSession(quoted("a".repeat(300_000))), 413),
                // /api/chat: the session
                chat("a malformed session id", "{\"sessionId\":\"../SESSION\",\"message\":\"hi\"}", 404),
                chat("an unknown session id", hi.replace("SESSION", SessionId.random().value()), 404),
                // /api/chat: the HTTP around it
                new BadRequest("a body that is not JSON", "POST", "/api/chat", "text/plain", utf8(hi), SSE, List.of(), 415),
                new BadRequest("a content type that does not parse", "POST", "/api/chat", "application/", utf8(hi), SSE,
                        List.of(), 415),
                new BadRequest("a client that cannot read an event stream", "POST", "/api/chat", JSON, utf8(hi), JSON,
                        List.of(), 406),
                new BadRequest("GET on the chat", "GET", "/api/chat", null, null, SSE, List.of(), 405),
                new BadRequest("PUT on the chat", "PUT", "/api/chat", JSON, utf8(hi), SSE, List.of(), 405),
                chat("a request line over the limit", hi, 414).withPath("/api/chat?" + "a".repeat(5_000)),
                chat("headers over the limit", hi, 431).header("X-Padding: " + "a".repeat(10_000)),
                chat("a header with no name", hi, 400).header(": value"),
                chat("a header that is not a header", hi, 400).header("not a header"),
                chat("a negative content length", hi, 400).header("Content-Length: -5"),
                new BadRequest("a request line without a version", "GET", "/api/health HTTP/9", null, null, JSON,
                        List.of(), 400),
                // /api/sessions
                new BadRequest("DELETE on a history", "DELETE", "/api/sessions/SESSION/messages", null, null, JSON,
                        List.of(), 405),
                new BadRequest("POST on a history", "POST", "/api/sessions/SESSION/messages", JSON, utf8("{}"), JSON,
                        List.of(), 405),
                new BadRequest("an unknown API path", "GET", "/api/sessions/SESSION", null, null, JSON, List.of(), 404),
                new BadRequest("an unknown page", "GET", "/no-such-page.html", null, null, "text/html", List.of(), 404),
                new BadRequest("the history of an unknown session", "GET",
                        "/api/sessions/" + SessionId.random().value() + "/messages", null, null, JSON, List.of(), 404),
                // Spring Security's firewall refuses an encoded slash or NUL in a path before any route
                new BadRequest("the history of a malformed session id", "GET", "/api/sessions/..%2FSESSION/messages",
                        null, null, JSON, List.of(), 400),
                new BadRequest("the history of a NUL", "GET", "/api/sessions/%00/messages", null, null, JSON,
                        List.of(), 400),
                new BadRequest("a path with broken percent-encoding", "GET", "/api/sessions/%ZZ/messages", null, null,
                        JSON, List.of(), 400),
                // /v1: every error is OpenAI's JSON, whatever the Accept header lists first
                openAi("malformed JSON", "{\"model\":", 400),
                openAi("JSON that is not an object", "[1,2]", 400),
                openAi("a body nested 20,000 levels deep", "{\"model\":\"x\",\"messages\":" + deep + "}", 400),
                openAi("a body that is not UTF-8", bytes("{\"model\":\"caf", 0xE9, '"', '}'), 400),
                openAi("no model", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 400),
                openAi("an unknown model", completion("\"hi\"", "").replace("MODEL", "gpt-99"), 404),
                openAi("no messages", "{\"model\":\"MODEL\",\"messages\":[]}", 400),
                openAi("a message of one NUL", completion("\"\\u0000\"", ""), 400),
                openAi("a blank message", completion("\" \\n \"", ""), 400),
                openAi("a message with a lone surrogate", completion("\"\\udc00 hi\"", ""), 400),
                openAi("an unknown role", completion("\"hi\"", "").replace("\"user\"", "\"robot\""), 400),
                openAi("max_tokens past the context", completion("\"hi\"", ",\"max_tokens\":1000000000"), 400),
                openAi("max_tokens past an int", completion("\"hi\"", ",\"max_tokens\":10000000000"), 400),
                openAi("max_tokens of zero", completion("\"hi\"", ",\"max_tokens\":0"), 400),
                openAi("a temperature out of range", completion("\"hi\"", ",\"temperature\":2.5"), 400),
                openAi("a temperature that is not a number", completion("\"hi\"", ",\"temperature\":\"hot\""), 400),
                openAi("stop that is not text", completion("\"hi\"", ",\"stop\":[1]"), 400),
                openAi("n of two", completion("\"hi\"", ",\"n\":2"), 400),
                openAi("a body over the server's limit", completion(quoted("a".repeat(300_000)), ""), 413),
                new BadRequest("a body that is not JSON", "POST", COMPLETIONS, "text/plain", utf8("hi"), EITHER,
                        List.of(), 415),
                new BadRequest("an unknown /v1 path", "GET", "/v1/engines", null, null, EITHER, List.of(), 404),
                new BadRequest("DELETE on the models", "DELETE", "/v1/models", null, null, EITHER, List.of(), 405),
                new BadRequest("GET on the completions", "GET", COMPLETIONS, null, null, EITHER, List.of(), 405),
                openAi("a request line over the limit", "{}", 414).withPath(COMPLETIONS + "?" + "a".repeat(5_000)),
                openAi("headers over the limit", "{}", 431).header("X-Padding: " + "a".repeat(10_000)));
    }

    private static BadRequest chat(String what, String body, int status) {
        return chat(what, utf8(body), status);
    }

    private static BadRequest chat(String what, byte[] body, int status) {
        return new BadRequest(what, "POST", "/api/chat", JSON, body, SSE, List.of(), status);
    }

    private static BadRequest openAi(String what, String body, int status) {
        return openAi(what, utf8(body), status);
    }

    private static BadRequest openAi(String what, byte[] body, int status) {
        return new BadRequest(what, "POST", COMPLETIONS, JSON, body, EITHER, List.of(), status);
    }

    private static String completion(String content, String more) {
        return "{\"model\":\"MODEL\",\"messages\":[{\"role\":\"user\",\"content\":" + content + "}]" + more + "}";
    }

    private static String inSession(String message) {
        return "{\"sessionId\":\"SESSION\",\"message\":" + message + "}";
    }

    private static String quoted(String text) {
        return '"' + text + '"';
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Text, then raw bytes (ints, so that 0xE9 reads as the byte it is). */
    private static byte[] bytes(String start, int... more) {
        byte[] head = utf8(start);
        byte[] all = new byte[head.length + more.length];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = 0; i < more.length; i++) {
            all[head.length + i] = (byte) more[i];
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void bad_input_gets_a_clear_error_and_loses_nothing_stored(BadRequest bad) {
        List<String> sessionsBefore = storedSessions();

        RawHttp.Response response = send(bad);

        assertThat(response.status()).as(response.body()).isEqualTo(bad.status());
        if (bad.path().startsWith("/v1")) {
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(response.body()).startsWith("{\"error\":{\"message\":\"").contains("\"type\":\"");
        } else {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body()).contains("\"status\":" + bad.status()).contains("\"detail\":\"")
                    .contains("\"code\":\"");
        }
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "\\tat ");
        assertThat(api.history(sessionId)).isEqualTo(stored);
        assertThat(storedSessions()).isEqualTo(sessionsBefore);
    }

    @Test
    void an_unknown_session_is_told_apart_by_its_code() {
        RawHttp.Response response = send(chat("an unknown session", inSession("\"hi\"")
                .replace("SESSION", SessionId.random().value()), 404));

        assertThat(response.body()).contains("\"code\":\"unknown_session\"");
        assertThat(send(chat("malformed", "{", 400)).body()).contains("\"code\":\"bad_request\"");
    }

    @Test
    void the_model_list_is_json_whatever_the_client_accepts_first() {
        for (String accept : List.of(EITHER, SSE, "text/html", "*/*")) {
            HttpResponse<String> models = api.send("GET", "/v1/models", null, null, accept);

            assertThat(models.statusCode()).as(accept).isEqualTo(200);
            assertThat(models.headers().firstValue("Content-Type")).as(accept).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(models.body()).as(accept).startsWith("{\"object\":\"list\"");
        }
    }

    @Test
    void max_tokens_past_the_context_is_refused_with_the_limit() {
        RawHttp.Response response = send(openAi("max_tokens past the context",
                completion("\"hi\"", ",\"max_tokens\":1000000000"), 400));

        assertThat(response.body()).contains("maximum context length is ").contains("\"param\":\"max_tokens\"");
    }

    @Test
    void a_message_of_exactly_the_limit_is_accepted() {
        HttpResponse<Stream<String>> response = api.openChat(null, "a".repeat(ChatRequest.MAX_MESSAGE_LENGTH));
        try (Stream<String> lines = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(WireFormat.decodeEvent(lines.filter(line -> line.startsWith("data:")).findFirst().orElseThrow()
                    .substring("data:".length())))
                    .isInstanceOf(RunStarted.class);
        }
    }

    private RawHttp.Response send(BadRequest bad) {
        String model = api.send("GET", "/v1/models", null, null, JSON).body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        StringBuilder head = new StringBuilder(bad.method() + " " + bad.path().replace("SESSION", sessionId)
                + (bad.path().contains(" HTTP/") ? "" : " HTTP/1.1"));
        head.append("\r\nHost: localhost:").append(port).append("\r\nAccept: ").append(bad.accept())
                .append("\r\nConnection: close");
        if (bad.contentType() != null) {
            head.append("\r\nContent-Type: ").append(bad.contentType());
        }
        byte[] body = bad.body() == null ? null : new String(bad.body(), StandardCharsets.ISO_8859_1)
                .replace("SESSION", sessionId).replace("MODEL", model).getBytes(StandardCharsets.ISO_8859_1);
        boolean lengthGiven = bad.headers().stream().anyMatch(h -> h.startsWith("Content-Length"));
        if (body != null && !lengthGiven) {
            head.append("\r\nContent-Length: ").append(body.length);
        }
        bad.headers().forEach(line -> head.append("\r\n").append(line));
        return RawHttp.send(port, head.toString(), body);
    }

    private List<String> storedSessions() {
        return redis.keys("hybridchat:session:*").sort().collectList().block();
    }
}
