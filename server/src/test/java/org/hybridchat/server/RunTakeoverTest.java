package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.Role;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.StreamEvent.TextMessageEnd;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.server.SseEntries.Entry;
import org.hybridchat.server.session.SessionId;
import org.hybridchat.server.session.SessionStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A replica that dies mid-run leaves its run's log in Redis and a lease that nobody renews. Here that
 * replica is only what it left behind, written into the real Redis as it would have written it; the
 * server under test is the survivor a client resumes on. (The cluster module kills a real replica.)
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = "hybridchat.chat.heartbeat=200ms")
@ActiveProfiles("test")
class RunTakeoverTest {

    static final String QUESTION = "Tell me everything about operating systems.";

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    SessionStore sessions;

    @Test
    void a_reply_whose_replica_died_is_written_on_by_the_replica_its_client_resumes_on_and_stored_whole_once() {
        SessionId session = SessionId.random();
        String runId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        sessions.append(session, ChatMessage.user(QUESTION)).block(); // stored as the reply began
        List<Entry> before = leftBehind(runId, session, List.of(new RunStarted(session.value(), runId),
                new TextMessageStart(messageId, Role.ASSISTANT),
                new TextMessageContent(messageId, "An operating system is the program that "),
                new TextMessageContent(messageId, "runs a computer's")));

        List<Entry> after;
        try (SseEntries stream = new SseEntries(new ChatApi(port).openRunEvents(runId, session.value(),
                before.getLast().id()))) {
            after = stream.rest();
        }

        assertThat(after.getLast().event()).isInstanceOf(RunFinished.class);
        assertThat(after.get(after.size() - 2).event()).isEqualTo(new TextMessageEnd(messageId));
        assertThat(after.subList(0, after.size() - 2)).as("the same message, going on")
                .allSatisfy(entry -> assertThat(entry.event()).isInstanceOfSatisfying(TextMessageContent.class,
                        content -> assertThat(content.messageId()).isEqualTo(messageId)));
        List<Entry> whole = new ArrayList<>(before);
        whole.addAll(after);
        assertThat(RunLogs.logged(redis, runId)).as("the survivor wrote on in the same log").isEqualTo(whole);
        String text = RunLogs.text(whole);
        assertThat(text).startsWith("An operating system is the program that runs a computer's");
        assertThat(new ChatApi(port).history(session.value()).messages()).as("stored whole, once")
                .containsExactly(ChatMessage.user(QUESTION), ChatMessage.assistant(text));
    }

    @Test
    void a_run_whose_replica_died_before_its_reply_began_ends_with_replica_lost_and_stores_nothing() {
        SessionId session = SessionId.random();
        String runId = UUID.randomUUID().toString();
        List<Entry> before = leftBehind(runId, session, List.of(new RunStarted(session.value(), runId),
                new StreamEvent.Queued(3)));

        List<Entry> after;
        try (SseEntries stream = new SseEntries(new ChatApi(port).openRunEvents(runId, session.value(),
                before.getFirst().id()))) {
            after = stream.rest();
        }

        assertThat(after).extracting(Entry::event).first().isEqualTo(new StreamEvent.Queued(3));
        assertThat(after.getLast().event()).isInstanceOfSatisfying(RunError.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.REPLICA_LOST));
        assertThat(sessions.exists(session).block()).isFalse();
    }

    @Test
    void a_reply_whose_conversation_went_on_meanwhile_is_not_written_on_and_nothing_is_stored_after_the_fact() {
        SessionId session = SessionId.random();
        String runId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        sessions.append(session, ChatMessage.user(QUESTION)).block();
        List<Entry> before = leftBehind(runId, session, List.of(new RunStarted(session.value(), runId),
                new TextMessageStart(messageId, Role.ASSISTANT), new TextMessageContent(messageId, "An operating")));
        // meanwhile, another turn of the conversation was answered on another replica
        sessions.append(session, ChatMessage.user("Never mind.")).block();
        sessions.append(session, ChatMessage.assistant("All right.")).block();

        List<Entry> after;
        try (SseEntries stream = new SseEntries(new ChatApi(port).openRunEvents(runId, session.value(),
                before.getLast().id()))) {
            after = stream.rest();
        }

        assertThat(after).singleElement().extracting(Entry::event).isInstanceOfSatisfying(RunError.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.REPLICA_LOST));
        assertThat(new ChatApi(port).history(session.value()).messages()).containsExactly(ChatMessage.user(QUESTION),
                ChatMessage.user("Never mind."), ChatMessage.assistant("All right."));
    }

    /** Writes the run's log as a replica that then died would have left it: its lease about to expire. */
    private List<Entry> leftBehind(String runId, SessionId session, List<StreamEvent> events) {
        String key = RunLogs.key(runId);
        List<Entry> entries = new ArrayList<>();
        for (StreamEvent event : events) {
            String id = redis.opsForStream().add(StreamRecords.string(Map.of("e", WireFormat.encode(event)))
                    .withStreamKey(key)).block().getValue();
            entries.add(new Entry(id, event));
        }
        redis.expire(key, Duration.ofMinutes(5)).block();
        redis.opsForValue().set(key + ":session", session.value(), Duration.ofMinutes(5)).block();
        redis.opsForValue().set(key + ":lease", "a-replica-that-died", Duration.ofMillis(300)).block();
        return entries;
    }

}
