package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.StreamEvent.Queued;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.server.SseEntries.Entry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A run whose client dropped its stream keeps its place for {@code hybridchat.chat.resume-grace} (1 s
 * here): a reconnect within it keeps the run going; without one the run is cancelled, leaves the model
 * and ends its log with RUN_ERROR {@code abandoned}. The run waits in the line here (the batch has one
 * row, kept busy, and long replies wait ahead of it), so that its fate does not depend on how fast the
 * model happens to finish. That a cancelled generation frees its batch row is DecodeLoopTest's and
 * ChatStreamTest's (there with no grace).
 */
@TestPropertySource(properties = {"hybridchat.chat.resume-grace=1s", "hybridchat.chat.heartbeat=100ms",
        "hybridchat.generation.max-queue-wait=60s"})
class ResumeGraceTest extends OneRowServer {

    @Autowired
    MeterRegistry metrics;

    @Test
    void a_run_nobody_comes_back_for_is_cancelled_when_the_grace_ends_and_stores_nothing() throws InterruptedException {
        ChatApi api = new ChatApi(port);
        try (BusyModel busy = BusyModel.occupy(decodeLoop)) {
            busy.awaitFreshReply();
            busy.queue(3); // several seconds of long replies ahead of it: it cannot reach the model within the grace
            double cancelledBefore = cancelled();
            List<Entry> before;
            try (SseEntries stream = new SseEntries(api.openChat(null, "Tell me everything about operating systems."))) {
                before = stream.until(Queued.class::isInstance);
            }
            Instant dropped = Instant.now();
            RunStarted started = (RunStarted) before.getFirst().event();

            Thread.sleep(500);
            assertThat(cancelled()).as("still waiting within the grace").isEqualTo(cancelledBefore);
            assertThat(decodeLoop.waitingGenerations()).isEqualTo(4);
            BusyModel.awaitUntil(() -> cancelled() > cancelledBefore);
            assertThat(Duration.between(dropped, Instant.now())).as("not before the grace").isGreaterThan(Duration.ofMillis(900));
            assertThat(decodeLoop.waitingGenerations()).as("its place in the line is free").isLessThanOrEqualTo(3);

            try (SseEntries stream = new SseEntries(api.openRunEvents(started.runId(), started.threadId(),
                    before.getLast().id()))) {
                List<Entry> rest = stream.rest();
                assertThat(rest.getLast().event()).isInstanceOfSatisfying(RunError.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.ABANDONED));
                assertThat(rest.subList(0, rest.size() - 1)).as("only its moves up the line before that")
                        .allSatisfy(entry -> assertThat(entry.event()).isInstanceOf(Queued.class));
            }
            assertThat(api.send("GET", "/api/sessions/" + started.threadId() + "/messages", null, null, "*/*").statusCode())
                    .as("nothing stored: the model never took the turn").isEqualTo(404);
        }
    }

    @Test
    void a_reconnect_within_the_grace_keeps_the_run_going_to_its_end() throws InterruptedException {
        ChatApi api = new ChatApi(port);
        List<Entry> whole;
        RunStarted started;
        double cancelledBefore;
        try (BusyModel busy = BusyModel.occupy(decodeLoop)) {
            cancelledBefore = cancelled();
            try (SseEntries stream = new SseEntries(api.openChat(null, "Tell me everything about operating systems."))) {
                whole = new ArrayList<>(stream.until(Queued.class::isInstance));
            }
            started = (RunStarted) whole.getFirst().event();
            Thread.sleep(500);
            SseEntries resumed = new SseEntries(api.openRunEvents(started.runId(), started.threadId(), whole.getLast().id()));
            Thread.sleep(1500);
            assertThat(cancelled()).as("not cancelled: its client came back").isEqualTo(cancelledBefore);
            busy.close();
            try (resumed) {
                whole.addAll(resumed.rest());
            }
        }
        assertThat(whole.getLast().event()).isInstanceOf(RunFinished.class);
        assertThat(whole.stream().map(Entry::id).distinct()).hasSameSizeAs(whole);
        assertThat(new ChatApi(port).history(started.threadId()).messages()).containsExactly(
                ChatMessage.user("Tell me everything about operating systems."), ChatMessage.assistant(RunLogs.text(whole)));
    }

    private double cancelled() {
        return metrics.counter("hybridchat.generations", "outcome", "cancelled").count();
    }
}
