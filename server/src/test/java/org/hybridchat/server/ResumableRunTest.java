package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.server.SseEntries.Entry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Resumable runs over real HTTP and a real Redis: every event has an id, its entry id in the run's
 * Redis Stream; a client that drops its stream reads the rest from {@code GET /api/runs/{runId}/events}
 * with {@code Last-Event-ID}, exactly once each, and only from its own session.
 * (The rules plan: what is resumed is the model's long reply, which no planner may make a tool's.)
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = {"hybridchat.chat.resume-grace=10s", "hybridchat.planner=rules"})
@ActiveProfiles("test")
class ResumableRunTest {

    static final String LONG_QUESTION = "Tell me everything about operating systems.";

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    ChatApi api;

    @BeforeEach
    void connect() {
        api = new ChatApi(port);
    }

    @Test
    void every_event_has_an_id_which_is_its_entry_id_in_the_runs_redis_stream() {
        List<Entry> entries;
        try (SseEntries stream = new SseEntries(api.openChat(null, LONG_QUESTION))) {
            entries = stream.rest();
        }
        RunStarted started = (RunStarted) entries.getFirst().event();

        assertThat(entries).allSatisfy(entry -> assertThat(entry.id()).matches("\\d+-\\d+"));
        assertThat(entries.getLast().event()).isInstanceOf(RunFinished.class);
        assertThat(entries).isEqualTo(RunLogs.logged(redis, started.runId()));
        assertThat(redis.getExpire(RunLogs.key(started.runId())).block())
                .as("kept a while after the run").isBetween(Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    @Test
    void a_client_that_reconnects_with_last_event_id_gets_exactly_the_rest_and_the_reply_is_what_is_stored() {
        // About one reply in ten is a short sentence that streams in one piece, too short to drop in
        // the middle of (the PII guard holds back 64 characters); a few tries are allowed.
        List<Entry> before = List.of();
        for (int attempt = 0; attempt < 5 && !droppedMidReply(before); attempt++) {
            try (SseEntries stream = new SseEntries(api.openChat(null, LONG_QUESTION))) {
                before = new ArrayList<>(stream.until(TextMessageContent.class::isInstance));
                before.addAll(stream.until(TextMessageContent.class::isInstance));
            }
        }
        RunStarted started = (RunStarted) before.getFirst().event();
        assertThat(droppedMidReply(before)).as("dropped mid-reply").isTrue();

        List<Entry> after;
        try (SseEntries stream = new SseEntries(api.openRunEvents(started.runId(), started.threadId(),
                before.getLast().id()))) {
            after = stream.rest();
        }

        List<Entry> whole = new ArrayList<>(before);
        whole.addAll(after);
        assertThat(after.getLast().event()).isInstanceOf(RunFinished.class);
        assertThat(whole).as("nothing lost, nothing twice").isEqualTo(RunLogs.logged(redis, started.runId()));
        assertThat(api.history(started.threadId()).messages()).containsExactly(ChatMessage.user(LONG_QUESTION),
                ChatMessage.assistant(RunLogs.text(whole)));
    }

    @Test
    void a_client_that_reconnects_after_the_run_ended_gets_the_rest_and_the_stream_ends() {
        List<Entry> all;
        try (SseEntries stream = new SseEntries(api.openChat(null, "Hello there."))) {
            all = stream.rest();
        }
        RunStarted started = (RunStarted) all.getFirst().event();
        Entry third = all.get(2);

        try (SseEntries stream = new SseEntries(api.openRunEvents(started.runId(), started.threadId(), third.id()))) {
            assertThat(stream.rest()).isEqualTo(all.subList(3, all.size()));
        }
        try (SseEntries stream = new SseEntries(api.openRunEvents(started.runId(), started.threadId(), null))) {
            assertThat(stream.rest()).as("without Last-Event-ID: from the start").isEqualTo(all);
        }
        try (SseEntries stream = new SseEntries(api.openRunEvents(started.runId(), started.threadId(),
                all.getLast().id()))) {
            assertThat(stream.rest()).as("after the last event: nothing more").isEmpty();
        }
        HttpResponse<String> byParameter = api.send("GET", "/api/runs/" + started.runId() + "/events?sessionId="
                + started.threadId() + "&lastEventId=" + third.id(), null, null, "text/event-stream");
        assertThat(byParameter.statusCode()).isEqualTo(200);
        assertThat(byParameter.body()).startsWith("id:" + all.get(3).id() + "\ndata:");
    }

    @Test
    void another_sessions_run_an_unknown_run_and_a_malformed_id_are_refused_without_telling_which() {
        List<StreamEvent> mine = api.chat(null, "Hello there.").events();
        RunStarted started = (RunStarted) mine.getFirst();
        String otherSession = api.chat(null, "Good morning.").sessionId();

        for (String path : List.of(
                "/api/runs/" + started.runId() + "/events?sessionId=" + otherSession,
                "/api/runs/" + started.runId() + "/events",
                "/api/runs/" + UUID.randomUUID() + "/events?sessionId=" + started.threadId(),
                "/api/runs/not-a-run/events?sessionId=" + started.threadId())) {
            HttpResponse<String> response = api.send("GET", path, null, null, "text/event-stream");
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.body()).contains("\"code\":\"" + ErrorCode.UNKNOWN_RUN + "\"").doesNotContain(otherSession);
        }
        HttpResponse<String> malformed = api.send("GET", "/api/runs/" + started.runId() + "/events?sessionId="
                + started.threadId() + "&lastEventId=yesterday", null, null, "text/event-stream");
        assertThat(malformed.statusCode()).isEqualTo(400);
    }

    private static boolean droppedMidReply(List<Entry> received) {
        return !received.isEmpty() && received.getLast().event() instanceof TextMessageContent;
    }


}
