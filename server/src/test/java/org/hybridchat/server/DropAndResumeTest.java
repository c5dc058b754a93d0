package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.server.SseEntries.Entry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Drop and resume, measured: concurrent chat streams are dropped at random points (after 1 to 8 of
 * their messages, the POST's stream or a resumed one alike) 100 times in all, and each time resumed
 * from {@code GET /api/runs/{runId}/events} with the last id seen. Every run's messages, put together,
 * must be its Redis log exactly (no event lost, none twice), and its text what the session stored.
 * Loopback only; bounded to 100 drops, 80 runs and 2 minutes. Prints the counts.
 * (The rules plan: what is resumed is the model's long reply, which no planner may make a tool's.)
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = {"hybridchat.chat.resume-grace=10s", "hybridchat.planner=rules"})
@ActiveProfiles("test")
class DropAndResumeTest {

    static final int DROPS = 100;
    static final int STREAMS = 8;
    static final int MAX_RUNS = 80;

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void a_hundred_random_drops_across_concurrent_streams_lose_nothing_and_repeat_nothing() throws Exception {
        ChatApi api = new ChatApi(port);
        AtomicInteger dropsLeft = new AtomicInteger(DROPS);
        AtomicInteger runsStarted = new AtomicInteger();
        AtomicInteger drops = new AtomicInteger();
        AtomicInteger events = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        AtomicInteger duplicated = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger textMismatches = new AtomicInteger();
        Instant begin = Instant.now();
        Instant deadline = begin.plus(Duration.ofMinutes(2));

        ExecutorService pool = Executors.newFixedThreadPool(STREAMS);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < STREAMS; w++) {
            long seed = 14_000 + w;
            workers.add(pool.submit(() -> {
                Random random = new Random(seed);
                while (dropsLeft.get() > 0 && runsStarted.incrementAndGet() <= MAX_RUNS && Instant.now().isBefore(deadline)) {
                    List<Entry> received = new ArrayList<>();
                    SseEntries stream = new SseEntries(api.openChat(null, "Tell me everything about operating systems."));
                    RunStarted started = null;
                    boolean ended = false;
                    while (!ended) {
                        int take = 1 + random.nextInt(8);
                        for (int i = 0; i < take && !ended; i++) {
                            Entry entry = stream.next();
                            if (entry == null) {
                                throw new AssertionError("a stream ended before its run: " + received);
                            }
                            received.add(entry);
                            if (entry.event() instanceof RunStarted s) {
                                started = s;
                            }
                            ended = SseEntries.endsRun(entry.event());
                        }
                        if (!ended && dropsLeft.getAndDecrement() > 0) {
                            stream.close();
                            drops.incrementAndGet();
                            stream = new SseEntries(api.openRunEvents(started.runId(), started.threadId(),
                                    received.getLast().id()));
                        }
                    }
                    stream.close();

                    List<Entry> log = RunLogs.logged(redis, started.runId());
                    Set<String> ids = new HashSet<>();
                    for (int i = 0; i < received.size(); i++) {
                        if (!ids.add(received.get(i).id())) {
                            duplicated.incrementAndGet();
                        } else if (i > 0 && received.get(i).id().compareTo(received.get(i - 1).id()) <= 0
                                && received.get(i).id().length() == received.get(i - 1).id().length()) {
                            outOfOrder.incrementAndGet();
                        }
                    }
                    lost.addAndGet((int) log.stream().filter(entry -> !received.contains(entry)).count());
                    events.addAndGet(received.size());
                    assertThat(received.getLast().event()).isInstanceOf(RunFinished.class);
                    List<ChatMessage> stored = api.history(started.threadId()).messages();
                    if (!stored.getLast().equals(ChatMessage.assistant(RunLogs.text(received)))) {
                        textMismatches.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();

        System.out.printf("drop-and-resume: %d streams at once, %d runs, %d drops, %d events received, "
                        + "%d lost, %d duplicated, %d out of order, %d replies unlike the stored one, %.1f s%n",
                STREAMS, Math.min(runsStarted.get(), MAX_RUNS), drops.get(), events.get(), lost.get(), duplicated.get(),
                outOfOrder.get(), textMismatches.get(), Duration.between(begin, Instant.now()).toMillis() / 1000.0);
        assertThat(drops.get()).isEqualTo(DROPS);
        assertThat(lost.get()).as("lost").isZero();
        assertThat(duplicated.get()).as("duplicated").isZero();
        assertThat(outOfOrder.get()).as("out of order").isZero();
        assertThat(textMismatches.get()).as("replies unlike the stored one").isZero();
    }

}
