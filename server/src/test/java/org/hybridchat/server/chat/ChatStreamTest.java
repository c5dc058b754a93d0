package org.hybridchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Role;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.StreamEvent.TextMessageEnd;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.server.ChatApi;
import org.hybridchat.server.ChatApi.Turn;
import org.hybridchat.server.generation.DecodeLoop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Chat turns over real HTTP, answered by the shipped model, stored in a real Redis. The rules plan:
 * these are the model's own replies, which no planner may make a tool's.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = "hybridchat.planner=rules")
@ActiveProfiles("test")
class ChatStreamTest {

    @LocalServerPort
    int port;

    @Autowired
    DecodeLoop decodeLoop;

    @Autowired
    MeterRegistry metrics;

    ChatApi api;

    @BeforeEach
    void connect() {
        api = new ChatApi(port);
    }

    @Test
    void a_reply_streams_as_text_deltas_between_run_started_and_run_finished() {
        List<StreamEvent> events = api.chat(null, "Tell me a story about a daemon.").events();

        RunStarted started = (RunStarted) events.getFirst();
        TextMessageStart start = (TextMessageStart) events.get(1);
        List<StreamEvent> deltas = events.subList(2, events.size() - 2);
        assertThat(start.role()).isEqualTo(Role.ASSISTANT);
        assertThat(deltas).isNotEmpty().allSatisfy(event -> {
            TextMessageContent delta = (TextMessageContent) event;
            assertThat(delta.messageId()).isEqualTo(start.messageId());
            assertThat(delta.delta()).isNotEmpty();
        });
        assertThat(events.get(events.size() - 2)).isEqualTo(new TextMessageEnd(start.messageId()));
        assertThat(events.getLast()).isEqualTo(new RunFinished(started.threadId(), started.runId()));
    }

    @Test
    void the_stream_is_server_sent_events_with_each_event_on_one_data_line_in_its_wire_form() {
        Turn turn = api.chat(null, "Hello there.");

        assertThat(turn.response().statusCode()).isEqualTo(200);
        assertThat(turn.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(turn.lines()).allSatisfy(line -> assertThat(line).matches("|:ping|id:\\d+-\\d+|data:\\{.*}"));
        assertThat(turn.lines()).filteredOn(line -> line.startsWith("data:")).allSatisfy(line -> {
            String json = line.substring("data:".length());
            assertThat(WireFormat.encode(WireFormat.decodeEvent(json))).isEqualTo(json);
        });
    }

    @Test
    void the_stream_tells_proxies_not_to_buffer_or_cache_it() {
        HttpResponse<?> response = api.chat(null, "Hi!").response();

        assertThat(response.headers().firstValue("X-Accel-Buffering")).contains("no");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-cache");
    }

    @Test
    void the_reply_is_then_in_the_history() {
        Turn turn = api.chat(null, "What is a compiler?");

        assertThat(api.history(turn.sessionId()).messages()).containsExactly(
                ChatMessage.user("What is a compiler?"), ChatMessage.assistant(turn.reply()));
    }

    @Test
    void a_turn_without_a_session_id_starts_a_new_session_with_an_unguessable_id() {
        String first = api.chat(null, "Hello.").sessionId();
        String second = api.chat(null, "Hello.").sessionId();

        assertThat(first).isNotEqualTo(second);
        assertThat(List.of(first, second)).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_-]{22}"));
    }

    @Test
    void a_second_turn_in_a_session_continues_its_conversation() {
        Turn first = api.chat(null, "What is a kernel?");
        Turn second = api.chat(first.sessionId(), "And a shell?");

        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(api.history(first.sessionId()).messages()).containsExactly(
                ChatMessage.user("What is a kernel?"), ChatMessage.assistant(first.reply()),
                ChatMessage.user("And a shell?"), ChatMessage.assistant(second.reply()));
    }

    @Test
    void a_client_that_disconnects_mid_stream_stops_its_generation() throws InterruptedException {
        // A short reply can be complete before the server notices that its client has gone, so a few
        // tries are allowed; one of them must stop the model before it is done.
        boolean stopped = false;
        for (int attempt = 0; attempt < 5 && !stopped; attempt++) {
            awaitNoOpenGenerations();
            double stoppedBefore = cancelledGenerations();

            String sessionId = disconnectAfterTheFirstDelta("Tell me everything about operating systems.");

            awaitNoOpenGenerations();
            stopped = cancelledGenerations() > stoppedBefore;
            if (stopped) {
                assertThat(api.history(sessionId).messages()).as("a reply cut off is not stored").hasSize(1);
            }
        }
        assertThat(stopped).as("a generation was stopped by its client's disconnect").isTrue();
    }

    private double cancelledGenerations() {
        return metrics.counter("hybridchat.generations", "outcome", "cancelled").count();
    }

    private void awaitNoOpenGenerations() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (decodeLoop.activeGenerations() + decodeLoop.waitingGenerations() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertThat(decodeLoop.activeGenerations() + decodeLoop.waitingGenerations()).as("generations still open 5 s later").isZero();
    }

    private String disconnectAfterTheFirstDelta(String message) {
        String sessionId = null;
        HttpResponse<Stream<String>> response = api.openChat(null, message);
        try (Stream<String> lines = response.body()) {
            Iterator<String> stream = lines.iterator();
            StreamEvent event;
            do {
                String line = stream.next();
                event = line.startsWith("data:") ? WireFormat.decodeEvent(line.substring("data:".length())) : null;
                if (event instanceof RunStarted started) {
                    sessionId = started.threadId();
                }
            } while (!(event instanceof TextMessageContent));
        }
        return sessionId;
    }
}
