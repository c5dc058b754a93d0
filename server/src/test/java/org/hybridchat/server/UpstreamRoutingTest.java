package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.Engine;
import org.hybridchat.contract.StreamEvent.Queued;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.server.ChatApi.Turn;
import org.hybridchat.server.SseEntries.Entry;
import org.hybridchat.server.generation.DecodeLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upstream engines, with a second instance of this server as the upstream "gpu-1" over real HTTP, and
 * "gpu-2" an address where nothing listens. The routing server writes one reply at a time
 * (max-batch 1): while that row is free it answers itself; kept busy ({@link BusyModel}, with two
 * more replies waiting so that no gap between them looks like room), it sends replies upstream. The
 * upstream names the routing server as its own upstream "back", so a request passed back and forth
 * would show. The routing server probes an upstream that is out every 200 ms.
 */
class UpstreamRoutingTest {

    private static final String STORY = "Tell me a story about a daemon.";
    private static final String MODEL = "hybridchat-gpt";

    private static final int routerPort = freePort();
    private static final int upstreamPort = freePort();
    private static final int deadPort = freePort();
    private static ConfigurableApplicationContext router;
    private static ConfigurableApplicationContext upstream;

    @BeforeAll
    static void start() {
        upstream = upstream();
        router = server(routerPort, "--hybridchat.routing.probe-interval=200ms",
                "--hybridchat.upstreams[0].name=gpu-1", "--hybridchat.upstreams[0].url=http://127.0.0.1:" + upstreamPort,
                "--hybridchat.upstreams[0].model=" + MODEL,
                "--hybridchat.upstreams[1].name=gpu-2", "--hybridchat.upstreams[1].url=http://127.0.0.1:" + deadPort + "/v1",
                "--hybridchat.upstreams[1].model=" + MODEL);
    }

    @AfterAll
    static void stop() {
        try (ConfigurableApplicationContext first = router; ConfigurableApplicationContext second = upstream) {
            // both closed, the upstream even when it is the one a test had to start again
        }
    }

    @Test
    void while_its_model_has_room_the_server_writes_the_reply_itself_and_names_no_engine() {
        double local = replies(router, Engine.LOCAL);

        Turn turn = api().chat(null, STORY);

        assertThat(turn.events()).noneMatch(Engine.class::isInstance);
        assertThat(turn.events().getLast()).isInstanceOf(RunFinished.class);
        assertThat(replies(router, Engine.LOCAL)).isEqualTo(local + 1);
    }

    @Test
    void a_busy_server_sends_the_reply_upstream_says_where_it_was_written_and_stores_it_once() {
        double upstreamReplies = replies(router, "gpu-1");
        double writtenThere = replies(upstream, Engine.LOCAL);
        Turn turn;
        try (BusyModel busy = occupy(router)) {
            turn = api().chat(null, STORY);
        }

        List<StreamEvent> events = turn.events();
        assertThat(events).filteredOn(Engine.class::isInstance).containsExactly(new Engine("gpu-1"));
        assertThat(events.get(events.indexOf(new Engine("gpu-1")) + 1)).isInstanceOf(TextMessageStart.class);
        assertThat(events).noneMatch(Queued.class::isInstance);
        assertThat(events.getLast()).isInstanceOf(RunFinished.class);
        assertThat(turn.reply()).isNotBlank();
        assertThat(api().history(turn.sessionId()).messages())
                .containsExactly(ChatMessage.user(STORY), ChatMessage.assistant(turn.reply()));
        assertThat(replies(router, "gpu-1")).isEqualTo(upstreamReplies + 1);
        assertThat(replies(upstream, Engine.LOCAL)).as("written by the upstream's model").isEqualTo(writtenThere + 1);
    }

    @Test
    void an_upstream_dying_mid_reply_is_taken_out_the_local_model_finishes_the_reply_and_a_probe_brings_it_back() {
        double moved = router.getBean(MeterRegistry.class).counter("hybridchat.replies.moved", "from", "gpu-1").count();
        List<Entry> entries;
        Turn meanwhile;
        try (BusyModel busy = occupy(router)) {
            entries = replyWhoseUpstreamDies();
            meanwhile = api().chat(null, STORY);
        }

        List<StreamEvent> events = entries.stream().map(Entry::event).toList();
        assertThat(events).filteredOn(Engine.class::isInstance).containsExactly(new Engine("gpu-1"), new Engine(Engine.LOCAL));
        assertThat(events.getLast()).isInstanceOf(RunFinished.class);
        String reply = RunLogs.text(entries);
        String session = ((StreamEvent.RunStarted) events.getFirst()).threadId();
        assertThat(api().history(session).messages()).as("one whole reply, stored once")
                .containsExactly(ChatMessage.user(STORY), ChatMessage.assistant(reply));
        assertThat(router.getBean(MeterRegistry.class).counter("hybridchat.replies.moved", "from", "gpu-1").count())
                .isEqualTo(moved + 1);
        assertThat(up(router, "gpu-1")).as("taken out").isZero();
        assertThat(meanwhile.events()).as("with every upstream out, written here, where it waited its turn")
                .noneMatch(Engine.class::isInstance).anyMatch(Queued.class::isInstance);
        assertThat(meanwhile.events().getLast()).isInstanceOf(RunFinished.class);
        assertThat(up(router, "gpu-2")).isZero();

        upstream = upstream();
        BusyModel.awaitUntil(() -> up(router, "gpu-1") == 1);
        try (BusyModel busy = occupy(router)) {
            assertThat(api().chat(null, STORY).events()).as("back in service").contains(new Engine("gpu-1"));
        }
    }

    /**
     * A turn's events, its reply begun upstream, whose upstream dies as soon as its first text has
     * reached the routing server: its model stops (the quickest death there is from outside), then the
     * whole server. A reply of a few tokens may be done by then; such a turn is tried again, with
     * the upstream started again, up to three times.
     */
    private static List<Entry> replyWhoseUpstreamDies() {
        for (int attempt = 1; ; attempt++) {
            List<Entry> entries;
            try (SseEntries stream = new SseEntries(api().openChat(null, STORY))) {
                entries = new ArrayList<>(stream.until(Engine.class::isInstance));
                assertThat(entries.getLast().event()).isEqualTo(new Engine("gpu-1"));
                upstream.getBean(DecodeLoop.class).close();
                upstream.close();
                entries.addAll(stream.rest());
            }
            if (entries.stream().anyMatch(entry -> entry.event().equals(new Engine(Engine.LOCAL)))) {
                return entries;
            }
            assertThat(attempt).as("a reply still going when its upstream died, in three tries").isLessThan(3);
            upstream = upstream();
        }
    }

    @Test
    void the_openai_api_is_routed_too_and_a_forwarded_request_is_written_where_it_arrives() throws Exception {
        ChatApi openAi = api();
        try (BusyModel busy = occupy(router)) {
            HttpResponse<Stream<String>> streamed = openAi.open("POST", "/v1/chat/completions", completion(true));
            List<String> data;
            try (Stream<String> lines = streamed.body()) {
                data = lines.filter(line -> line.startsWith("data:")).map(line -> line.substring(5).strip()).toList();
            }
            assertThat(streamed.headers().firstValue("X-Hybridchat-Engine")).hasValue("gpu-1");
            assertThat(data.getLast()).isEqualTo("[DONE]");
            JsonNode last = JsonMapper.builder().build().readTree(data.get(data.size() - 2));
            assertThat(last.path("choices").path(0).path("finish_reason").asString()).isIn("stop", "length");
            assertThat(last.path("model").asString()).isEqualTo(MODEL);

            // both busy: the routing server forwards it, and the upstream writes it itself, not back
            double back = replies(upstream, "back");
            double writtenThere = replies(upstream, Engine.LOCAL);
            try (BusyModel upstreamBusy = occupy(upstream)) {
                HttpResponse<String> whole = openAi.send("POST", "/v1/chat/completions", "application/json",
                        completion(false), "application/json");
                assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
                assertThat(whole.headers().firstValue("X-Hybridchat-Engine")).hasValue("gpu-1");
                assertThat(JsonMapper.builder().build().readTree(whole.body()).path("choices").path(0).path("message")
                        .path("content").asString()).isNotBlank();
            }
            assertThat(replies(upstream, Engine.LOCAL)).isEqualTo(writtenThere + 1);
            assertThat(replies(upstream, "back")).isEqualTo(back);
        }
    }

    private static String completion(boolean stream) {
        return """
                {"model":"%s","stream":%s,"max_tokens":40,"messages":[{"role":"user","content":"%s"}]}"""
                .formatted(MODEL, stream, STORY);
    }

    /** The server's single row busy, and two more long replies waiting. */
    private static BusyModel occupy(ConfigurableApplicationContext server) {
        BusyModel busy = BusyModel.occupy(server.getBean(DecodeLoop.class));
        busy.queue(2);
        return busy;
    }

    private static double replies(ConfigurableApplicationContext server, String engine) {
        Counter counter = server.getBean(MeterRegistry.class).find("hybridchat.replies").tag("engine", engine).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double up(ConfigurableApplicationContext server, String upstream) {
        Gauge gauge = server.getBean(MeterRegistry.class).find("hybridchat.upstream.up").tag("upstream", upstream).gauge();
        return gauge.value();
    }

    private static ChatApi api() {
        return new ChatApi(routerPort);
    }

    /**
     * The upstream, always on the same port, which drops its streams at once when it is closed: it
     * serves on event loops of its own, as it would in a process of its own, where the server in the
     * same JVM would otherwise lose the shared ones with it.
     */
    private static ConfigurableApplicationContext upstream() {
        return server(upstreamPort, UpstreamRoutingTest::ownEventLoops, "--server.shutdown=immediate",
                "--hybridchat.upstreams[0].name=back", "--hybridchat.upstreams[0].url=http://127.0.0.1:" + routerPort,
                "--hybridchat.upstreams[0].model=" + MODEL);
    }

    private static void ownEventLoops(ConfigurableApplicationContext server) {
        ((GenericApplicationContext) server).registerBean(ReactorResourceFactory.class, () -> {
            ReactorResourceFactory resources = new ReactorResourceFactory();
            resources.setUseGlobalResources(false);
            return resources;
        });
    }

    private static ConfigurableApplicationContext server(int port, String... settings) {
        return server(port, context -> { }, settings);
    }

    private static ConfigurableApplicationContext server(int port,
            ApplicationContextInitializer<ConfigurableApplicationContext> initializer, String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.address=127.0.0.1", "--server.port=" + port,
                "--hybridchat.generation.max-batch=1", "--hybridchat.generation.max-queue-wait=60s"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(HybridChatApplication.class).profiles("test").initializers(initializer)
                .run(args.toArray(String[]::new));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
