package org.hybridchat.server.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.hybridchat.server.HybridChatApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fuzzes both APIs' request handling over real HTTP against the real server: bodies made by
 * mutating valid requests (bytes inserted, deleted or replaced, including ones that break UTF-8)
 * and by gluing JSON fragments together. Whatever comes in, the answer is a 2xx stream or reply, or
 * a 4xx with the API's error JSON: never a 5xx, a stack trace or a dropped connection. jqwik,
 * {@code tries} per property, a few seconds in all; a failure prints the seed that reproduces it.
 */
class RequestFuzzTest {

    private static final String CHAT = "{\"sessionId\":null,\"message\":\"what is a kernel?\"}";
    private static final String COMPLETION = "{\"model\":\"MODEL\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],\"max_tokens\":2,"
            + "\"temperature\":0.5,\"top_p\":0.9,\"stop\":[\"x\"],\"seed\":1,\"stream\":false}";
    private static final List<String> FRAGMENTS = List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000",
            "\\ud800", "\"message\"", "\"sessionId\"", "\"model\"", "\"messages\"", "\"role\"", "\"user\"",
            "\"content\"", "\"max_tokens\"", "\"stream\"", "true", "null", "-1", "1e400", "2147483648", "0.5",
            "\"hi\"", "\"\"", " ", "\n", "\u00e9", "\ud83d\ude00");

    private static ConfigurableApplicationContext server;
    private static HttpClient http;
    private static String base;
    private static String model;

    @BeforeContainer
    static void startTheServer() throws Exception {
        server = new SpringApplicationBuilder(HybridChatApplication.class).profiles("test").run("--server.port=0");
        base = "http://localhost:" + server.getEnvironment().getRequiredProperty("local.server.port");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String models = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models")).build(),
                BodyHandlers.ofString()).body();
        model = models.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    @AfterContainer
    static void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    @Property(tries = 150)
    void any_chat_body_gets_a_stream_or_a_problem(@ForAll("chatBodies") byte[] body) throws Exception {
        check("/api/chat", body, "text/event-stream");
    }

    @Property(tries = 150)
    void any_completion_body_gets_a_reply_or_an_openai_error(@ForAll("completionBodies") byte[] body) throws Exception {
        check("/v1/chat/completions", body, "text/event-stream, application/json");
    }

    private static void check(String path, byte[] body, String accept) throws IOException, InterruptedException {
        byte[] sent = new String(body, StandardCharsets.ISO_8859_1).replace("MODEL", model)
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("Accept", accept)
                .POST(BodyPublishers.ofByteArray(sent)).build(), BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream in = response.body()) {
            // of a stream that opened only its first bytes are read, then it is closed: the server stops its generation
            boolean stream = type.startsWith("text/event-stream");
            String start = new String(stream ? in.readNBytes(5) : in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response.statusCode()).as(start).isLessThan(500);
            if (response.statusCode() >= 400) {
                assertThat(type).startsWith(path.startsWith("/v1") ? "application/json" : "application/problem+json");
                assertThat(start).doesNotContain("Exception", "\tat ");
            } else {
                assertThat(type).startsWith(path.startsWith("/v1") && !stream ? "application/json" : "text/event-stream");
                // a chat stream's events have ids (to resume by), /v1's do not
                assertThat(start).startsWith(stream ? path.startsWith("/v1") ? "data:" : "id:" : "{\"id\":\"chatcmpl-");
            }
        }
    }

    @Provide
    Arbitrary<byte[]> chatBodies() {
        return bodies(CHAT);
    }

    @Provide
    Arbitrary<byte[]> completionBodies() {
        return bodies(COMPLETION);
    }

    private static Arbitrary<byte[]> bodies(String valid) {
        Arbitrary<byte[]> mutated = mutation().list().ofMinSize(1).ofMaxSize(4).map(mutations -> {
            byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
            for (Mutation m : mutations) {
                bytes = m.apply(bytes);
            }
            return bytes;
        });
        Arbitrary<byte[]> glued = Arbitraries.of(FRAGMENTS).list().ofMaxSize(30)
                .map(parts -> String.join("", parts).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.frequencyOf(Tuple.of(6, mutated), Tuple.of(3, glued), Tuple.of(1, noise));
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Byte> bytes = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of((byte) '{', (byte) '}', (byte) '[', (byte) ']', (byte) '"', (byte) '\\',
                        (byte) ',', (byte) ':', (byte) '0', (byte) '-', (byte) ' ', (byte) 0)),
                Tuple.of(1, Arbitraries.of((byte) 0x80, (byte) 0xC0, (byte) 0xE9, (byte) 0xED, (byte) 0xFF)));
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.doubles().between(0, 1), bytes)
                .as(Mutation::new);
    }

    private record Mutation(int kind, double where, byte b) {
        byte[] apply(byte[] in) {
            int at = (int) (where * in.length);
            byte[] out;
            switch (kind) {
                case 0 -> {
                    out = new byte[in.length + 1];
                    System.arraycopy(in, 0, out, 0, at);
                    out[at] = b;
                    System.arraycopy(in, at, out, at + 1, in.length - at);
                }
                case 1 -> {
                    if (at >= in.length) {
                        return in;
                    }
                    out = new byte[in.length - 1];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(in, at + 1, out, at, in.length - at - 1);
                }
                default -> {
                    if (at >= in.length) {
                        return in;
                    }
                    out = in.clone();
                    out[at] = b;
                }
            }
            return out;
        }
    }
}
