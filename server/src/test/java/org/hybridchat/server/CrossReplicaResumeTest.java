package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.StreamEvent.Queued;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.server.SseEntries.Entry;
import org.hybridchat.server.generation.DecodeLoop;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas on one Redis: a run started on one, whose client dropped its stream, is resumed on the
 * other, which reads the run's Redis Stream; the reader there keeps the run from being abandoned past
 * the grace (1 s here), and gets every event after its Last-Event-ID once, to the end.
 */
class CrossReplicaResumeTest {

    @Test
    void a_run_dropped_on_one_replica_is_resumed_whole_on_another_and_is_not_abandoned_meanwhile() throws Exception {
        // the first replica starts the embedded Redis, and the second uses it too
        try (ConfigurableApplicationContext first = replica(); ConfigurableApplicationContext second = replica(
                "--spring.data.redis.host=" + redisOf(first).getHost(),
                "--spring.data.redis.port=" + redisOf(first).getPort())) {
            ChatApi one = api(first);
            ChatApi two = api(second);
            MeterRegistry metrics = first.getBean(MeterRegistry.class);
            List<Entry> whole;
            RunStarted started;
            try (BusyModel busy = BusyModel.occupy(first.getBean(DecodeLoop.class))) {
                double cancelledBefore = metrics.counter("hybridchat.generations", "outcome", "cancelled").count();
                try (SseEntries stream = new SseEntries(one.openChat(null, "Tell me everything about operating systems."))) {
                    whole = new ArrayList<>(stream.until(Queued.class::isInstance));
                }
                started = (RunStarted) whole.getFirst().event();
                SseEntries resumed = new SseEntries(two.openRunEvents(started.runId(), started.threadId(),
                        whole.getLast().id()));
                Thread.sleep(2500);
                assertThat(metrics.counter("hybridchat.generations", "outcome", "cancelled").count())
                        .as("not abandoned: a reader on the other replica").isEqualTo(cancelledBefore);
                busy.close();
                try (resumed) {
                    whole.addAll(resumed.rest());
                }
            }
            assertThat(whole.getLast().event()).isInstanceOf(RunFinished.class);
            assertThat(whole.stream().map(Entry::id).distinct()).hasSameSizeAs(whole);
            try (SseEntries all = new SseEntries(one.openRunEvents(started.runId(), started.threadId(), null))) {
                assertThat(all.rest()).as("what the two streams gave, together, is the run's log").isEqualTo(whole);
            }
            assertThat(two.history(started.threadId()).messages()).containsExactly(
                    ChatMessage.user("Tell me everything about operating systems."),
                    ChatMessage.assistant(RunLogs.text(whole)));
        }
    }

    private static ConfigurableApplicationContext replica(String... redis) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--hybridchat.generation.max-batch=1",
                "--hybridchat.generation.max-queue-wait=60s", "--hybridchat.chat.resume-grace=1s",
                "--hybridchat.chat.heartbeat=200ms", "--hybridchat.planner=rules"));
        args.addAll(List.of(redis));
        return new SpringApplicationBuilder(HybridChatApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    private static DataRedisConnectionDetails.Standalone redisOf(ConfigurableApplicationContext server) {
        return server.getBean(DataRedisConnectionDetails.class).getStandalone();
    }

    private static ChatApi api(ConfigurableApplicationContext server) {
        return new ChatApi(server.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }
}
