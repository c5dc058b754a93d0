package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.server.generation.Generation;
import org.hybridchat.server.generation.SamplingSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A server whose one batch row is taken and whose waiting line has no room refuses at once, on both APIs. */
@TestPropertySource(properties = {"hybridchat.generation.max-waiting=0"})
class OverloadTest extends OneRowServer {

    ChatApi api;
    volatile boolean busy;

    /**
     * A reply lasts a fraction of a second, so each busy reply, the moment it ends, submits the next:
     * the loop frees a place before its reply's stream ends, so the next one always gets it.
     */
    @BeforeEach
    void keepTheOnlyRowBusy() throws InterruptedException {
        api = new ChatApi(port);
        busy = true;
        occupy();
        awaitActive(1);
    }

    @AfterEach
    void letItGo() throws InterruptedException {
        busy = false;
        awaitActive(0);
    }

    /** Waits until this many replies are being written and none is waiting. */
    private void awaitActive(int replies) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while ((decodeLoop.activeGenerations() != replies || decodeLoop.waitingGenerations() > 0)
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(1);
        }
        assertThat(decodeLoop.activeGenerations()).isEqualTo(replies);
    }

    private void occupy() {
        Generation reply = decodeLoop.submit(List.of(ChatMessage.user("Tell me everything.")),
                new SamplingSettings(1f, 1f, 250, List.of(), 1, true));
        reply.events().doOnComplete(() -> {
            if (busy) {
                occupy();
            }
        }).subscribe();
    }

    @Test
    void the_openai_api_answers_429_with_retry_after_in_openai_s_error_shape() {
        HttpResponse<String> response = api.send("POST", "/v1/chat/completions", "application/json",
                "{\"model\":\"hybridchat-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "application/json");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(response.body()).startsWith("{\"error\":{\"message\":\"The server is busy: 1 replies are being written")
                .contains("\"type\":\"rate_limit_error\"", "\"code\":\"overloaded\"");
    }

    @Test
    void the_chat_ends_the_run_with_an_overloaded_run_error_and_stores_nothing() {
        List<StreamEvent> events = api.chat(null, "Hello?").events();

        assertThat(events).hasSize(2);
        assertThat(events.getLast()).isInstanceOfSatisfying(RunError.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.OVERLOADED));
        String sessionId = ((RunStarted) events.getFirst()).threadId();
        assertThat(api.send("GET", "/api/sessions/" + sessionId + "/messages", null, null, "application/json")
                .statusCode()).as("no conversation was started").isEqualTo(404);
    }

    @Test
    void every_refusal_is_counted() {
        api.chat(null, "Hello?");

        assertThat(api.send("GET", "/actuator/prometheus", null, null, "text/plain").body())
                .containsPattern("(?m)^hybridchat_generation_refusals_total(\\{[^}]*})? [1-9]");
    }
}
