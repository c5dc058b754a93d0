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
import org.hybridchat.contract.GoldenVectors.Vector;
import org.hybridchat.contract.WireFormat;

/**
 * A stand-in for the real server, just enough for the page: it serves the built
 * {@code target/classes/static/} and answers the API with the contract's golden vectors, byte for
 * byte, so the page's TeaVM-compiled decoder reads exactly what the server's encoder is pinned to.
 *
 * <p>{@code POST /api/chat} picks its answer by the message: {@link #FAIL} ends the run with RUN_ERROR,
 * {@link #HOLD} pauses mid-reply until {@link #release()}, {@link #QUEUE} waits in the server's line
 * (a queued event) until then, {@link #PROBLEM} is refused with
 * problem+json; any other message gets every event vector (but RUN_ERROR), each split across two writes to exercise the page's
 * incremental parsing. {@code GET /api/sessions/{id}/messages} knows only the golden session id, and
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
    static final String SESSION_ID = "s-4f9c2a";
    static final Conversation HISTORY = new Conversation(SESSION_ID, List.of(
            ChatMessage.user("what is a daemon?"), ChatMessage.assistant("A daemon is a program")));

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Path staticRoot;
    private final BlockingQueue<ChatRequest> requests = new LinkedBlockingQueue<>();
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

    void reset() {
        requests.clear();
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
        ChatRequest request = WireFormat.decodeChatRequest(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        if (request.message().equals(PROBLEM)) {
            send(exchange, 400, "application/problem+json", """
                    {"type":"about:blank","title":"Message refused","status":400,"detail":"It asked to be."}""");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            write(out, ": ping\n\n");
            for (String event : script(request.message())) {
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
            default -> GoldenVectors.EVENTS.stream().filter(v -> !v.file().equals("run_error.json"))
                    .forEach(v -> script.add(v.json()));
        }
        return script;
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
