package org.hybridchat.server.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.server.generation.Generation.FinishReason;
import org.hybridchat.server.generation.Replies.Collecting;
import org.hybridchat.server.generation.Replies.Written;
import org.hybridchat.server.network.ServerModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Continuous batching on the shipped model: replies join and leave one shared batch, step by step. */
class DecodeLoopTest {
    private static final List<List<ChatMessage>> CONVERSATIONS = List.of(
            List.of(ChatMessage.user("what is a daemon?")),
            List.of(ChatMessage.user("define kernel")),
            List.of(ChatMessage.user("what is a compiler?"), ChatMessage.assistant("A program that translates."),
                    ChatMessage.user("and an interpreter?")),
            List.of(ChatMessage.user("What does RTFM mean? 😀")));
    /** A reply of exactly 120 tokens: it can neither end its turn nor stop sooner. */
    private static final SamplingSettings ENDLESS = new SamplingSettings(0.8f, 1f, 120, List.of(), 1, true);

    private static ServerModel model;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<DecodeLoop> loops = new ArrayList<>();

    @BeforeAll
    static void loadShippedWeights() {
        model = ServerModel.loadShipped();
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @AfterEach
    void stopLoops() {
        loops.forEach(DecodeLoop::close);
    }

    @Test
    void replies_written_together_are_each_the_reply_it_gets_alone_with_the_same_seed() {
        List<SamplingSettings> samplings = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            samplings.add(new SamplingSettings(i % 3 == 0 ? 0f : 0.9f, i % 2 == 0 ? 1f : 0.9f, 40 + 15 * i,
                    i % 4 == 1 ? List.of("e ") : List.of(), 1000 + i, i % 5 == 0));
        }
        // batching off: one reply at a time, the others wait their turn
        DecodeLoop oneByOne = batchInvariantLoop(1, samplings.size());
        List<Written> alone = submitAll(oneByOne, samplings).stream().map(Collecting::get).toList();

        DecodeLoop batched = batchInvariantLoop(64, 0);
        List<Written> together = submitAll(batched, samplings).stream().map(Collecting::get).toList();

        assertThat(together).containsExactlyElementsOf(alone);
        assertThat(alone).extracting(Written::text).allSatisfy(text -> assertThat(text).isNotEmpty());
        assertThat(alone.stream().map(Written::text).distinct().count()).as("the settings make a difference")
                .isGreaterThanOrEqualTo(samplings.size() / 2);
        int longest = alone.stream().mapToInt(reply -> reply.finished().completionTokens()).max().orElseThrow();
        assertThat(batched.steps()).as("steps shared by the replies: no more than the longest reply takes")
                .isLessThanOrEqualTo(longest).isLessThan(oneByOne.steps());
    }

    @Test
    void a_reply_that_joins_or_leaves_mid_flight_leaves_the_others_unchanged() {
        DecodeLoop loop = batchInvariantLoop(8, 8);
        SamplingSettings longer = new SamplingSettings(0.9f, 1f, 150, List.of(), 7, true);
        SamplingSettings shorter = new SamplingSettings(0.9f, 1f, 30, List.of(), 8, true);
        Written longAlone = Replies.of(loop.submit(CONVERSATIONS.get(0), longer));
        Written shortAlone = Replies.of(loop.submit(CONVERSATIONS.get(1), shorter));

        Collecting first = Replies.collect(loop.submit(CONVERSATIONS.get(0), longer));
        first.firstText().join();
        Written second = Replies.of(loop.submit(CONVERSATIONS.get(1), shorter));

        assertThat(first.reply()).as("the short reply joined and left while the long one went on").isNotDone();
        assertThat(first.get()).isEqualTo(longAlone);
        assertThat(second).isEqualTo(shortAlone);
    }

    @Test
    void without_batch_invariance_a_seeded_reply_written_alone_is_the_same_reply_run_to_run() {
        SamplingSettings seeded = new SamplingSettings(0.9f, 0.95f, 150, List.of(), 21, true);
        List<Written> runs = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            // a fresh loop, cache and batch each run, as the server has by default
            try (DecodeLoop loop = new DecodeLoop(model, 64, 0, Duration.ofMinutes(1), false, registry)) {
                runs.add(Replies.of(loop.submit(CONVERSATIONS.get(2), seeded)));
            }
        }

        assertThat(runs.getFirst().finished().completionTokens()).isEqualTo(150);
        assertThat(runs).containsOnly(runs.getFirst());
    }

    @Test
    void a_cancelled_reply_leaves_the_batch_before_the_step_after_next() {
        DecodeLoop loop = loop(4, 0);
        Collecting staying = Replies.collect(loop.submit(CONVERSATIONS.get(0), ENDLESS));
        Generation leaving = loop.submit(CONVERSATIONS.get(1), ENDLESS);
        Disposable client = leaving.events().subscribe();
        awaitUntil(() -> loop.activeGenerations() == 2 && loop.steps() > 0);

        client.dispose(); // what WebFlux does when the client goes away
        long stepInFlight = loop.steps() + 1;
        awaitUntil(() -> loop.steps() > stepInFlight);

        assertThat(loop.activeGenerations()).isEqualTo(1);
        assertThat(registry.counter("hybridchat.generations", "outcome", "cancelled").count()).isEqualTo(1);
        assertThat(staying.get().finished().completionTokens()).isEqualTo(ENDLESS.maxTokens());
    }

    @Test
    void with_the_batch_and_the_waiting_line_full_a_request_is_refused_at_once_until_a_place_frees() {
        DecodeLoop loop = loop(2, 1);
        List<Generation> admitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            admitted.add(loop.submit(CONVERSATIONS.get(i), ENDLESS));
        }
        awaitUntil(() -> loop.activeGenerations() == 2 && loop.waitingGenerations() == 1);

        assertThatThrownBy(() -> loop.submit(CONVERSATIONS.get(3), ENDLESS))
                .isInstanceOf(OverloadedException.class).hasMessageContaining("2 replies are being written and 1");
        assertThat(registry.counter("hybridchat.generation.refusals").count()).isEqualTo(1);
        assertThat(registry.get("hybridchat.generation.queue.depth").gauge().value()).isEqualTo(1);
        assertThat(registry.get("hybridchat.generation.active").gauge().value()).isEqualTo(2);

        admitted.getFirst().cancel();
        awaitUntil(() -> loop.waitingGenerations() == 0);
        assertThat(Replies.of(loop.submit(CONVERSATIONS.get(3), ENDLESS)).text()).isNotEmpty();
    }

    @Test
    void a_request_that_waits_longer_than_the_longest_wait_is_refused_after_hearing_its_place() {
        DecodeLoop loop = new DecodeLoop(model, 1, 1, Duration.ofMillis(100), false, registry);
        loops.add(loop);
        // 200 tokens take far longer than the 100 ms the second request may wait
        Collecting running = Replies.collect(loop.submit(CONVERSATIONS.get(0), new SamplingSettings(0.8f, 1f, 200, List.of(), 1, true)));
        Generation waiting = loop.submit(CONVERSATIONS.get(1), ENDLESS);
        List<Generation.Event> heard = new ArrayList<>();

        assertThatThrownBy(() -> waiting.events().doOnNext(heard::add).blockLast(Replies.TIMEOUT))
                .isInstanceOf(OverloadedException.class).hasMessageContaining("waited 100 ms for its turn");
        assertThat(heard).containsExactly(new Generation.Queued(1));
        assertThat(registry.counter("hybridchat.generation.queue.timeouts").count()).isEqualTo(1);
        assertThat(registry.counter("hybridchat.generations", "outcome", "timed_out").count()).isEqualTo(1);
        assertThat(loop.waitingGenerations()).isZero();
        assertThat(running.get().finished().completionTokens()).as("the reply being written goes on").isEqualTo(200);
    }

    @Test
    void a_long_line_is_told_its_new_places_to_its_very_end() {
        DecodeLoop loop = loop(1, 1000);
        SamplingSettings shortReply = new SamplingSettings(0.8f, 1f, 10, List.of(), 1, true);
        List<Generation> line = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            line.add(loop.submit(CONVERSATIONS.get(i % CONVERSATIONS.size()), shortReply));
        }
        List<Generation.Event> heardByTheLast = new java.util.concurrent.CopyOnWriteArrayList<>();
        line.getLast().events().subscribe(heardByTheLast::add);

        awaitUntil(() -> heardByTheLast.size() >= 2);
        line.forEach(Generation::cancel);

        int joined = ((Generation.Queued) heardByTheLast.getFirst()).position();
        int movedUp = ((Generation.Queued) heardByTheLast.get(1)).position();
        assertThat(joined).as("short replies end while the line fills").isBetween(600, 699);
        assertThat(movedUp).as("moved up, and told so although far beyond the first slice of places")
                .isLessThan(joined).isGreaterThan(256);
    }

    @Test
    void a_client_that_asks_again_the_moment_its_reply_ends_finds_its_place_free() {
        DecodeLoop loop = loop(1, 0);
        Written second = Replies.of(loop.submit(CONVERSATIONS.get(0), ENDLESS).events()
                .then(Mono.fromCallable(() -> loop.submit(CONVERSATIONS.get(1), ENDLESS))).block(Replies.TIMEOUT));

        assertThat(second.finished().completionTokens()).isEqualTo(ENDLESS.maxTokens());
        assertThat(registry.counter("hybridchat.generation.refusals").count()).isZero();
    }

    @Test
    void a_reply_stops_at_its_maximum_length_or_before_a_stop_text_and_counts_its_tokens() {
        DecodeLoop loop = loop(4, 0);
        Written capped = Replies.of(loop.submit(CONVERSATIONS.get(0), new SamplingSettings(0.8f, 1f, 7, List.of(), 3, true)));
        String stop = capped.text().substring(3, 5);
        Written stopped = Replies.of(loop.submit(CONVERSATIONS.get(0), new SamplingSettings(0.8f, 1f, 7, List.of(stop), 3, true)));

        assertThat(capped.finished().reason()).isEqualTo(FinishReason.LENGTH);
        assertThat(capped.finished().completionTokens()).isEqualTo(7);
        assertThat(capped.finished().promptTokens()).isEqualTo(model.prompt(CONVERSATIONS.get(0), 7).length);
        assertThat(stopped.finished().reason()).isEqualTo(FinishReason.STOP);
        assertThat(stopped.text()).isEqualTo(capped.text().substring(0, capped.text().indexOf(stop)));
    }

    @Test
    void the_latencies_and_tokens_of_every_reply_are_measured() {
        DecodeLoop loop = loop(4, 0);
        List<Collecting> replies = submitAll(loop, List.of(ENDLESS, ENDLESS));
        replies.forEach(Collecting::get);

        assertThat(registry.get("hybridchat.generation.time.to.first.token").timer().count()).isEqualTo(2);
        assertThat(registry.get("hybridchat.generation.inter.token.latency").timer().count())
                .isEqualTo(2 * (ENDLESS.maxTokens() - 1));
        assertThat(registry.get("hybridchat.generation.tokens").counter().count()).isEqualTo(2 * ENDLESS.maxTokens());
        assertThat(registry.counter("hybridchat.generations", "outcome", "finished").count()).isEqualTo(2);
    }

    /** A loop as the server runs it by default: not batch-invariant. */
    private DecodeLoop loop(int maxBatch, int maxWaiting) {
        DecodeLoop loop = new DecodeLoop(model, maxBatch, maxWaiting, Duration.ofMinutes(1), false, registry);
        loops.add(loop);
        return loop;
    }

    /** A loop whose replies are the same to the last bit alone or batched. */
    private DecodeLoop batchInvariantLoop(int maxBatch, int maxWaiting) {
        DecodeLoop loop = new DecodeLoop(model, maxBatch, maxWaiting, Duration.ofMinutes(1), true, registry);
        loops.add(loop);
        return loop;
    }

    private static List<Collecting> submitAll(DecodeLoop loop, List<SamplingSettings> samplings) {
        List<Collecting> replies = new ArrayList<>();
        for (int i = 0; i < samplings.size(); i++) {
            replies.add(Replies.collect(loop.submit(CONVERSATIONS.get(i % CONVERSATIONS.size()), samplings.get(i))));
        }
        return replies;
    }

    private static void awaitUntil(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 30 s").isBefore(deadline);
            LockSupport.parkNanos(100_000);
        }
    }
}
