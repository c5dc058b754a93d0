package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.Queued;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A request that waits longer than the longest wait allowed is refused as overloaded, on both APIs,
 * and counted. Each test's request comes just after a long reply took the only batch row: that
 * reply has about a second to go, far longer than the 300 ms a request may wait.
 */
@TestPropertySource(properties = {"hybridchat.generation.max-waiting=4",
        "hybridchat.generation.max-queue-wait=300ms", "hybridchat.chat.heartbeat=50ms"})
class QueueTimeoutTest extends OneRowServer {

    private static final String COMPLETION = "{\"model\":\"hybridchat-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";



    ChatApi api;
    BusyModel busy;

    @BeforeEach
    void takeTheRowWithAFreshLongReply() {
        api = new ChatApi(port);
        busy = BusyModel.occupy(decodeLoop);
        busy.awaitFreshReply();
    }

    @AfterEach
    void letItGo() {
        busy.close();
    }

    @Test
    void the_chat_run_hears_its_place_then_ends_with_an_overloaded_run_error_and_stores_nothing() {
        ChatApi.Turn turn = api.chat(null, "Hello?");

        List<StreamEvent> events = turn.events();
        assertThat(events).hasSize(3);
        assertThat(events.get(1)).isEqualTo(new Queued(1));
        assertThat(events.getLast()).isInstanceOfSatisfying(RunError.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.OVERLOADED);
            assertThat(error.message()).contains("waited 300 ms for its turn");
        });
        assertThat(turn.lines()).as("heartbeats while it waits").contains(":ping");
        String sessionId = ((RunStarted) events.getFirst()).threadId();
        assertThat(api.send("GET", "/api/sessions/" + sessionId + "/messages", null, null, "application/json")
                .statusCode()).as("no conversation was started").isEqualTo(404);
    }

    @Test
    void a_whole_openai_completion_gets_429_with_retry_after() {
        HttpResponse<String> response = api.send("POST", "/v1/chat/completions", "application/json", COMPLETION + "}",
                "application/json");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(response.body()).contains("waited 300 ms", "\"type\":\"rate_limit_error\"", "\"code\":\"overloaded\"");
    }

    @Test
    void a_streamed_openai_completion_gets_the_rate_limit_error_in_its_stream() {
        HttpResponse<Stream<String>> response = api.open("POST", "/v1/chat/completions",
                COMPLETION + ",\"stream\":true}");

        assertThat(response.statusCode()).isEqualTo(200);
        try (Stream<String> lines = response.body()) {
            assertThat(lines.filter(line -> line.startsWith("data: ")).toList()).last().asString()
                    .contains("\"type\":\"rate_limit_error\"", "\"code\":\"overloaded\"");
        }
    }

    @Test
    void every_wait_that_ran_out_is_counted_for_prometheus() {
        api.chat(null, "Hello?");

        assertThat(api.send("GET", "/actuator/prometheus", null, null, "text/plain").body())
                .containsPattern("(?m)^hybridchat_generation_queue_timeouts_total [1-9]")
                .containsPattern("(?m)^hybridchat_generations_total\\{outcome=\"timed_out\"} [1-9]");
    }
}
