package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.WireFormat;

/**
 * The server's HTTP API as a browser's {@code fetch} uses it: real HTTP/1.1 (the JDK client would
 * otherwise try an HTTP/2 upgrade), with the event stream read line by line.
 */
public final class ChatApi {

    // Long enough for any turn of the small model, short enough that a hung server fails the test.
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    public ChatApi(int port) {
        this("http://localhost:" + port);
    }

    /** The API at {@code base}, such as {@code http://127.0.0.1:8080}: a server, or a proxy in front of several. */
    public ChatApi(String base) {
        this.base = base;
    }

    /** A whole turn, read to its end. */
    public Turn chat(String sessionId, String message) {
        HttpResponse<Stream<String>> response = openChat(sessionId, message);
        try (Stream<String> lines = response.body()) {
            return new Turn(response, lines.toList());
        }
    }

    /** Any chat request, read to its end; {@code authorization} (a header value) may be null. */
    public Turn request(ChatRequest request, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(BodyPublishers.ofString(WireFormat.encode(request)));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpResponse<Stream<String>> response = send(builder, BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            return new Turn(response, lines.toList());
        }
    }

    /** A turn whose stream the caller reads, and may close early to disconnect. */
    public HttpResponse<Stream<String>> openChat(String sessionId, String message) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(BodyPublishers.ofString(WireFormat.encode(new ChatRequest(sessionId, message)))),
                BodyHandlers.ofLines());
    }

    /** A JSON request whose streamed answer the caller reads, and may close early to disconnect. */
    public HttpResponse<Stream<String>> open(String method, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, BodyPublishers.ofString(json)), BodyHandlers.ofLines());
    }

    /**
     * {@code GET /api/runs/{runId}/events}, the caller reading (and maybe closing) the stream;
     * {@code lastEventId} goes in the {@code Last-Event-ID} header when not null.
     */
    public HttpResponse<Stream<String>> openRunEvents(String runId, String sessionId, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/runs/" + runId + "/events"
                        + (sessionId == null ? "" : "?sessionId=" + sessionId)))
                .header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return send(request, BodyHandlers.ofLines());
    }

    public Conversation history(String sessionId) {
        HttpResponse<String> response = send("GET", "/api/sessions/" + sessionId + "/messages", null, null, "*/*");
        assertThat(response.statusCode()).as("history of %s: %s", sessionId, response.body()).isEqualTo(200);
        return WireFormat.decodeConversation(response.body());
    }

    /** Any request at all; null leaves the body or its type out. */
    public HttpResponse<String> send(String method, String path, String contentType, String body, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .header("Accept", accept);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, BodyHandler<T> body) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything one chat request got back: the response and each line of its event stream. */
    public record Turn(HttpResponse<?> response, List<String> lines) {

        /** The stream's events, each decoded from one {@code data:} line. */
        public List<StreamEvent> events() {
            return lines.stream().filter(line -> line.startsWith("data:"))
                    .map(line -> WireFormat.decodeEvent(line.substring("data:".length()))).toList();
        }

        public String sessionId() {
            return ((RunStarted) events().getFirst()).threadId();
        }

        public String reply() {
            return events().stream().filter(TextMessageContent.class::isInstance)
                    .map(event -> ((TextMessageContent) event).delta()).collect(Collectors.joining());
        }
    }
}
