package org.hybridchat.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every simulation shares: the parameters (system properties), the loopback-only protocol, the
 * prompt mix, and one SSE stream per endpoint, checked from its first event to its last.
 *
 * <p>Each stream is a group, so the report shows its whole time ("full stream"); inside it, each
 * awaited message is a request timed from the response headers, which the server sends at once
 * with the first event: "first token" is the time to first token, "end" the full stream.
 */
final class Load {

    static final URI TARGET = Loopback.check(URI.create(System.getProperty("target", "http://127.0.0.1:8080")));
    /** chat (POST /api/chat, AG-UI events) or openai (POST /v1/chat/completions, stream: true). */
    static final String ENDPOINT = System.getProperty("endpoint", "chat");
    static final String MODEL = System.getProperty("model", "hybridchat-gpt");
    /** Longest a stream may take from its response headers to its last message, queueing included. */
    static final Duration STREAM_TIMEOUT = Duration.ofSeconds(Long.getLong("streamTimeout", 60));
    /** The generators never send more than this many streams in one run, whatever the parameters say. */
    static final int MAX_USERS = 20_000;

    private static final List<String> PROMPTS = prompts();

    private Load() {}

    /** An integer parameter, refused outside [1, max] so that a typo cannot start an unbounded load. */
    static int parameter(String name, int fallback, int max) {
        int value = Integer.getInteger(name, fallback);
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("-D" + name + "=" + value + " is outside 1.." + max);
        }
        return value;
    }

    static Duration seconds(String name, int fallback) {
        return Duration.ofSeconds(parameter(name, fallback, 3_600));
    }

    static HttpProtocolBuilder protocol() {
        return http.baseUrl(TARGET.toString()).contentTypeHeader("application/json").userAgentHeader("hybridchat-load-test");
    }

    /** One stream on the chosen endpoint, as a scenario of its own. */
    static ScenarioBuilder streams(String name) {
        return scenario(name + " (" + ENDPOINT + ")").exec(stream());
    }

    static ChainBuilder stream() {
        return switch (ENDPOINT) {
            case "chat" -> chatStream();
            case "openai" -> openAiStream();
            default -> throw new IllegalArgumentException("-Dendpoint=" + ENDPOINT + ": use chat or openai");
        };
    }

    /** No failed request and no timed-out check: every stream ran from its first event to its last. */
    static Assertion noFailures() {
        return global().failedRequests().count().is(0L);
    }

    /**
     * RUN_STARTED first; then the first token, skipping TEXT_MESSAGE_START and any CUSTOM "queued"
     * event; then RUN_FINISHED. A RUN_ERROR anywhere (a refusal when the server is full included)
     * fails the check that meets it.
     */
    static ChainBuilder chatStream() {
        var type = jsonPath("$.data.type");
        return group("chat stream").on(exec(
                sse("chat").post("/api/chat").body(StringBody(session -> chatRequest(prompt())))
                        .await(STREAM_TIMEOUT).on(
                                sse.checkMessage("run started").check(type.is("RUN_STARTED")),
                                sse.checkMessage("first token")
                                        .matching(type.in("TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_ERROR", "RUN_FINISHED"))
                                        .check(type.in("TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END")),
                                sse.checkMessage("end").matching(type.in("RUN_FINISHED", "RUN_ERROR"))
                                        .check(type.is("RUN_FINISHED"))),
                sse("close").close()));
    }

    /**
     * The role chunk first, then the first chunk with content, then {@code [DONE]}; an error object
     * in the stream fails the check that meets it. Regexes, not JSON paths: {@code [DONE]} is not JSON.
     */
    static ChainBuilder openAiStream() {
        return group("openai stream").on(exec(
                sse("openai").post("/v1/chat/completions").body(StringBody(session -> openAiRequest(prompt())))
                        .await(STREAM_TIMEOUT).on(
                                sse.checkMessage("role").check(regex("\"role\":\"assistant\"")),
                                sse.checkMessage("first token")
                                        .matching(regex("\"content\":\"[^\"]|\"finish_reason\":\"|\"error\":|\\[DONE]"))
                                        .check(regex("\"content\":\"[^\"]|\"finish_reason\":\"")),
                                sse.checkMessage("end").matching(regex("\"error\":|\\[DONE]")).check(regex("\\[DONE]"))),
                sse("close").close()));
    }

    private static String prompt() {
        return PROMPTS.get(ThreadLocalRandom.current().nextInt(PROMPTS.size()));
    }

    /** The contract's ChatRequest: a new session per stream, as a first visit would have. */
    private static String chatRequest(String prompt) {
        return "{\"message\":" + json(prompt) + "}";
    }

    private static String openAiRequest(String prompt) {
        return "{\"model\":" + json(MODEL) + ",\"stream\":true,\"max_tokens\":" + Integer.getInteger("maxTokens", 128)
                + ",\"messages\":[{\"role\":\"user\",\"content\":" + json(prompt) + "}]}";
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The mix: -Dprompts=FILE, one prompt a line; by default short questions like the demo's. */
    private static List<String> prompts() {
        String file = System.getProperty("prompts");
        if (file == null) {
            return List.of("what is a daemon?", "Hello!", "What is the capital of France?",
                    "Tell me a story about a dragon.", "how do I reverse a list in Java?", "What is a word for happy?",
                    "Explain recursion in one sentence.", "Why is the sky blue?");
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(file)).stream().filter(line -> !line.isBlank()).toList();
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("-Dprompts=" + file + " has no prompt");
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
