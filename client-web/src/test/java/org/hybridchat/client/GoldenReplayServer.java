package org.hybridchat.client;

import static java.util.stream.Collectors.toMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.GoldenVectors;
import org.hybridchat.contract.GoldenVectors.ToolResultVector;
import org.hybridchat.contract.GoldenVectors.Vector;
import org.hybridchat.contract.Interrupt;
import org.hybridchat.contract.Resume;
import org.hybridchat.contract.Role;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.Engine;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.StreamEvent.TextMessageEnd;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.contract.StreamEvent.ToolCallArgs;
import org.hybridchat.contract.StreamEvent.ToolCallEnd;
import org.hybridchat.contract.StreamEvent.ToolCallResult;
import org.hybridchat.contract.StreamEvent.ToolCallStart;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.contract.WireFormat;

/**
 * A stand-in for the real server, just enough for the page: it serves the built
 * {@code target/classes/static/} and answers the API with the contract's golden vectors, byte for
 * byte, so the page's TeaVM-compiled decoder reads exactly what the server's encoder is pinned to.
 *
 * <p>{@code POST /api/chat} picks its answer by the message: {@link #FAIL} ends the run with RUN_ERROR,
 * {@link #HOLD} pauses mid-reply until {@link #release()}, {@link #QUEUE} waits in the server's line
 * (a queued event) until then, {@link #PROBLEM} is refused with problem+json, {@link #MOVE} moves
 * mid-reply from an upstream engine to the server's own model; the tool scenarios ({@link #DEFINE},
 * {@link #CALCULATE}, {@link #REFUSE_TOOL},
 * {@link #EVERY_CARD}, {@link #FORGET}, {@link #FORGET_LATE}, {@link #FORGET_SOON}, {@link #GOLDEN_INTERRUPT}, {@link #HOSTILE}) stream tool calls whose
 * results are the golden tool results, and a request that answers an interrupt ({@link Resume}) gets
 * the run that follows an approval or a denial; any other message gets every event vector (but
 * RUN_ERROR). Each event is split across two writes to exercise the page's incremental parsing. {@code GET /api/sessions/{id}/messages} knows only the golden session id, and
 * {@code GET /api/health} says UP, as the real server does.
 *
 * <p>It counts what the page asked for ({@link #chatRequests()}, {@link #modelRequests()}), can
 * {@link #stop()} and {@link #restart()} on the same port, as a server that goes away and comes back,
 * can answer every API request with 503 ({@link #unavailable}), as a proxy does when the server
 * behind it is down, and can serve the model file slowly ({@link #slowModel}) so that its download
 * progress shows.
 */
final class GoldenReplayServer implements AutoCloseable {

    static final String FAIL = "please fail";
    static final String HOLD = "please hold";
    static final String QUEUE = "please queue";
    static final String PROBLEM = "please refuse";
    static final String DEFINE = "please define compiler";
    static final String CALCULATE = "please calculate";
    static final String REFUSE_TOOL = "please refuse the tool";
    static final String EVERY_CARD = "please show every card";
    static final String FORGET = "please forget";
    static final String FORGET_LATE = "please forget too late";
    static final String FORGET_SOON = "please forget in a moment";
    static final String GOLDEN_INTERRUPT = "please ask as the golden run does";
    static final String HOSTILE = "please be hostile";
    static final String MOVE = "please move";
    /** A reply an upstream began ("gpu-1") and the server's own model finished. */
    static final List<String> MOVE_TEXT = List.of("A daemon waits in the ", "background for work.");
    /** The text that follows a definition, with a fenced block that arrives across several deltas. */
    static final List<String> DEFINE_TEXT = List.of("A compiler turns source into machine code. For example:\n`",
            "``java\nint x = 1;\nSystem.out.println(x", ");\n```\nThat is all.");
    static final String INTERRUPT_ID = "i-7Qf2";
    static final String FORGET_CALL_ID = "t-3";
    /** Markup in every field of a scenario: the page must show it as text and run none of it. */
    static final String HOSTILE_TEXT = "<img src=x onerror=\"window.scriptRan=true\"><script>window.scriptRan=true</script>";
    static final String SESSION_ID = "s-4f9c2a";
    static final Conversation HISTORY = new Conversation(SESSION_ID, List.of(
            ChatMessage.user("what is a daemon?"), ChatMessage.assistant("A daemon is a program")));

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Path staticRoot;
    private final BlockingQueue<ChatRequest> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    private final AtomicInteger chatRequests = new AtomicInteger();
    private final AtomicInteger modelRequests = new AtomicInteger();
    private final int port;
    private final boolean crossOriginIsolated;
    private HttpServer server; // null while stopped
    private volatile CountDownLatch hold = new CountDownLatch(1);
    volatile boolean slowModel;
    volatile boolean unavailable;

    GoldenReplayServer() throws IOException, URISyntaxException {
        this(false);
    }

    /**
     * {@code crossOriginIsolated}: serve the page with the COOP and COEP headers that make it so, which
     * gives performance.now() 5 us steps instead of 100 us; the benchmark wants them.
     */
    GoldenReplayServer(boolean crossOriginIsolated) throws IOException, URISyntaxException {
        this.crossOriginIsolated = crossOriginIsolated;
        staticRoot = Path.of(GoldenReplayServer.class.getResource("/static/index.html").toURI()).getParent();
        server = listen(0);
        port = server.getAddress().getPort();
    }

    private HttpServer listen(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(threads); // a held stream must not block the next request
        server.createContext("/", this::serveStatic);
        server.createContext("/api/chat", exchange -> {
            chatRequests.incrementAndGet();
            unlessUnavailable(this::chat).handle(exchange);
        });
        server.createContext("/api/sessions/", unlessUnavailable(this::history));
        server.createContext("/api/health", unlessUnavailable(
                exchange -> send(exchange, 200, "application/json", "{\"status\":\"UP\"}")));
        server.start();
        return server;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Stops listening: the page's requests now find the port closed. */
    void stop() {
        server.stop(0);
        server = null;
    }

    /** Listens again on the same port. */
    void restart() throws IOException {
        server = listen(port);
    }

    /** How many chat requests arrived since the last {@link #reset()}. */
    int chatRequests() {
        return chatRequests.get();
    }

    /** How many times the model file was fetched, ever. */
    int modelRequests() {
        return modelRequests.get();
    }

    /** The next chat request the page sent, decoded; fails if none arrives within five seconds. */
    ChatRequest nextRequest() throws InterruptedException {
        ChatRequest request = requests.poll(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the page sent no chat request");
        }
        return request;
    }

    /** The body of the next chat request the page sent, as sent; fails if none arrives within five seconds. */
    String nextBody() throws InterruptedException {
        String body = bodies.poll(5, TimeUnit.SECONDS);
        if (body == null) {
            throw new AssertionError("the page sent no chat request");
        }
        return body;
    }

    void reset() {
        requests.clear();
        bodies.clear();
        chatRequests.set(0);
        slowModel = false;
        unavailable = false;
        hold = new CountDownLatch(1);
    }

    /** Lets a {@link #HOLD} reply continue. */
    void release() {
        hold.countDown();
    }

    @Override
    public void close() {
        release();
        if (server != null) {
            stop();
        }
        threads.shutdownNow();
    }

    private HttpHandler unlessUnavailable(HttpHandler handler) {
        return exchange -> {
            if (unavailable) {
                send(exchange, 503, "text/html", "<h1>503 Service Unavailable</h1>");
            } else {
                handler.handle(exchange);
            }
        };
    }

    private void chat(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        ChatRequest request = WireFormat.decodeChatRequest(body);
        bodies.add(body);
        requests.add(request);
        if (PROBLEM.equals(request.message())) {
            send(exchange, 400, "application/problem+json", """
                    {"type":"about:blank","title":"Message refused","status":400,"detail":"It asked to be."}""");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            write(out, ": ping\n\n");
            for (String event : request.resume().isEmpty() ? script(request.message()) : resumed(request.resume())) {
                if (event == null) {
                    awaitRelease();
                    continue;
                }
                byte[] bytes = sse(event).getBytes(StandardCharsets.UTF_8);
                int half = bytes.length / 2;
                out.write(bytes, 0, half);
                out.flush();
                pause();
                out.write(bytes, half, bytes.length - half);
                out.flush();
            }
        }
    }

    /** The data lines to send, in order; a null marks where a held reply waits. */
    private static List<String> script(String message) {
        Map<String, String> golden = GoldenVectors.EVENTS.stream().collect(toMap(Vector::file, Vector::json));
        List<String> script = new ArrayList<>();
        switch (message) {
            case FAIL -> script.addAll(List.of(golden.get("run_started.json"), golden.get("text_message_start.json"),
                    GoldenVectors.NONCANONICAL.json(), golden.get("run_error.json")));
            case HOLD -> {
                script.addAll(List.of(golden.get("run_started.json"), golden.get("text_message_start.json"),
                        golden.get("text_message_content.json")));
                script.add(null);
                script.addAll(List.of(golden.get("text_message_end.json"), golden.get("run_finished.json")));
            }
            case QUEUE -> {
                script.addAll(List.of(golden.get("run_started.json"), golden.get("custom_queued.json")));
                script.add(null);
                script.addAll(List.of(golden.get("text_message_start.json"), golden.get("text_message_content.json"),
                        golden.get("text_message_end.json"), golden.get("run_finished.json")));
            }
            case DEFINE -> {
                script.add(golden.get("run_started.json"));
                call(script, "t-2", "define", List.of("{\"term\":", "\"compiler\"}"), tool("definition.json"));
                text(script, "m-2", DEFINE_TEXT);
                script.add(golden.get("run_finished.json"));
            }
            case CALCULATE -> {
                // the golden call itself, byte for byte
                script.addAll(List.of(golden.get("run_started.json"), golden.get("tool_call_start.json"),
                        golden.get("tool_call_args.json"), golden.get("tool_call_end.json"),
                        golden.get("tool_call_result.json")));
                text(script, "m-2", List.of("6*7 is 42."));
                script.add(golden.get("run_finished.json"));
            }
            case REFUSE_TOOL -> {
                script.add(golden.get("run_started.json"));
                call(script, "t-4", "server_load", List.of("{}"), tool("refused.json"));
                text(script, "m-2", List.of("I may not look at the server's load for you."));
                script.add(golden.get("run_finished.json"));
            }
            case EVERY_CARD -> {
                script.add(golden.get("run_started.json"));
                int n = 10;
                for (ToolResultVector vector : GoldenVectors.TOOL_RESULTS) {
                    call(script, "t-" + n++, vector.file().replace(".json", ""), List.of("{}"), vector.json());
                }
                script.add(golden.get("run_finished.json"));
            }
            case MOVE -> {
                script.addAll(List.of(golden.get("run_started.json"), golden.get("custom_engine.json")));
                script.add(encode(new TextMessageStart("m-2", Role.ASSISTANT)));
                script.add(encode(new TextMessageContent("m-2", MOVE_TEXT.get(0))));
                script.add(encode(new Engine(Engine.LOCAL)));
                script.add(encode(new TextMessageContent("m-2", MOVE_TEXT.get(1))));
                script.add(encode(new TextMessageEnd("m-2")));
                script.add(golden.get("run_finished.json"));
            }
            case GOLDEN_INTERRUPT -> script.addAll(List.of(golden.get("run_started.json"),
                    golden.get("run_finished_interrupt.json")));
            case FORGET, FORGET_LATE, FORGET_SOON -> {
                Instant expiry = switch (message) {
                    case FORGET -> Instant.now().plus(Duration.ofMinutes(10));
                    case FORGET_SOON -> Instant.now().plus(Duration.ofMillis(1500));
                    default -> Instant.now().minus(Duration.ofMinutes(1));
                };
                script.add(encode(new RunStarted(SESSION_ID, "r-2")));
                script.add(encode(new ToolCallStart(FORGET_CALL_ID, "forget", null)));
                script.add(encode(new ToolCallArgs(FORGET_CALL_ID, "{}")));
                script.add(encode(new ToolCallEnd(FORGET_CALL_ID)));
                script.add(encode(new RunFinished(SESSION_ID, "r-2", List.of(new Interrupt(INTERRUPT_ID,
                        Interrupt.TOOL_APPROVAL, "Delete this conversation (4 messages)? This cannot be undone.",
                        FORGET_CALL_ID, expiry.toString())))));
            }
            case HOSTILE -> {
                String h = HOSTILE_TEXT;
                script.add(golden.get("run_started.json"));
                call(script, "t-20", h, List.of("{\"term\":\"" + h.replace("\"", "\\\"") + "\"}"),
                        WireFormat.encode(new ToolResult.Definition(h, h, h, h, "javascript:window.scriptRan=true",
                                List.of(h))));
                call(script, "t-21", "search", List.of("{}"), WireFormat.encode(new ToolResult.SearchResults(h,
                        List.of(new ToolResult.SearchHit(h, h, h)))));
                call(script, "t-22", "history", List.of("{}"), WireFormat.encode(new ToolResult.HistoryMatches(h,
                        List.of(new ChatMessage(Role.USER, h)))));
                call(script, "t-23", "calculate", List.of("{}"), WireFormat.encode(new ToolResult.Calculation(h, h)));
                call(script, "t-24", "x", List.of("{}"), WireFormat.encode(new ToolResult.Refused(h)));
                call(script, "t-25", "y", List.of("{}"), "not a tool result " + h);
                text(script, "m-2", List.of(h + "\n```" + h + "\n" + h + "\n```\n" + h));
                script.add(encode(new ToolCallStart("t-26", "forget", null)));
                script.add(encode(new RunFinished(SESSION_ID, "r-1", List.of(new Interrupt("i-h", Interrupt.TOOL_APPROVAL,
                        h, "t-26", h)))));
            }
            default -> GoldenVectors.EVENTS.stream().filter(v -> !v.file().equals("run_error.json"))
                    .forEach(v -> script.add(v.json()));
        }
        return script;
    }

    /**
     * The run that follows the user's answer to {@link #FORGET}'s interrupt. After an approval only the
     * call's result comes (the page knows the call from the run that asked); after a denial the call
     * comes again, whole, as a server may also send it.
     */
    private static List<String> resumed(List<Resume> answers) {
        List<String> script = new ArrayList<>();
        script.add(encode(new RunStarted(SESSION_ID, "r-3")));
        if (answers.get(0).approved()) {
            script.add(encode(new ToolCallResult("m-3", FORGET_CALL_ID, tool("forgotten.json"))));
            text(script, "m-4", List.of("Done: this conversation is forgotten."));
        } else {
            call(script, FORGET_CALL_ID, "forget", List.of("{}"), tool("declined.json"));
            text(script, "m-4", List.of("All right, I kept it."));
        }
        script.add(encode(new RunFinished(SESSION_ID, "r-3")));
        return script;
    }

    /** One tool call, its arguments in {@code args} pieces, then its result (a tool result's wire form). */
    private static void call(List<String> script, String id, String name, List<String> args, String result) {
        script.add(encode(new ToolCallStart(id, name, null)));
        for (String piece : args) {
            script.add(encode(new ToolCallArgs(id, piece)));
        }
        script.add(encode(new ToolCallEnd(id)));
        script.add(encode(new ToolCallResult("r-" + id, id, result)));
    }

    /** One assistant text message in {@code deltas}. */
    private static void text(List<String> script, String id, List<String> deltas) {
        script.add(encode(new TextMessageStart(id, Role.ASSISTANT)));
        for (String delta : deltas) {
            script.add(encode(new TextMessageContent(id, delta)));
        }
        script.add(encode(new TextMessageEnd(id)));
    }

    /** A golden tool result's wire form. */
    static String tool(String file) {
        return GoldenVectors.TOOL_RESULTS.stream().filter(v -> v.file().equals(file)).findFirst().orElseThrow().json();
    }

    private static String encode(StreamEvent event) {
        return WireFormat.encode(event);
    }

    /** One SSE event: every line of the JSON (the non-canonical vector has several) is a data line. */
    private static String sse(String json) {
        StringBuilder event = new StringBuilder();
        for (String line : json.split("\n", -1)) {
            event.append("data: ").append(line).append('\n');
        }
        return event.append('\n').toString();
    }

    private void history(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/api/sessions/" + SESSION_ID + "/messages")) {
            send(exchange, 200, "application/json", WireFormat.encode(HISTORY));
        } else {
            send(exchange, 404, "application/problem+json", """
                    {"type":"about:blank","title":"Unknown session","status":404}""");
        }
    }

    private void serveStatic(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Path file = staticRoot.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
        if (!file.startsWith(staticRoot) || !Files.isRegularFile(file)) {
            send(exchange, 404, "text/plain", "not found");
            return;
        }
        String name = file.getFileName().toString();
        String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                : name.endsWith(".js") ? "text/javascript"
                : name.endsWith(".css") ? "text/css"
                : name.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
        if (crossOriginIsolated) {
            exchange.getResponseHeaders().set("Cross-Origin-Opener-Policy", "same-origin");
            exchange.getResponseHeaders().set("Cross-Origin-Embedder-Policy", "require-corp");
        }
        if (file.getParent().endsWith("model")) {
            modelRequests.incrementAndGet();
            if (slowModel) {
                sendSlowly(exchange, type, Files.readAllBytes(file));
                return;
            }
        }
        send(exchange, 200, type, Files.readAllBytes(file));
    }

    /** In eight pieces, a tenth of a second apart, so that a browser reports progress in between. */
    private static void sendSlowly(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            int piece = (body.length + 7) / 8;
            for (int start = 0; start < body.length; start += piece) {
                out.write(body, start, Math.min(piece, body.length - start));
                out.flush();
                sleep(100);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void awaitRelease() {
        try {
            hold.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Long enough that the browser sees the halves as separate chunks.
    private static void pause() {
        sleep(15);
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
