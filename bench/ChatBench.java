import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.loadtest.LocalServer;

/**
 * The server as a browser sees it (bin/bench): one chat stream at a time over HTTP SSE, its time to
 * first text and text deltas per second, for replies of the model and of a tool, then the page weight
 * of the client. Given the server jar, it
 * starts the server itself ({@link LocalServer}) and stops it afterwards; given a URL, it measures
 * the server running there.
 *
 * <pre>java -cp target/bench:shared-model/target/classes:load-test/target/classes ChatBench JAR|URL [RUNS]</pre>
 */
public final class ChatBench {

    /** Files the page's code fetches by itself, which the HTML does not name: the Wasm GC worker and its model. */
    static final List<String> FETCHED_BY_CODE = List.of("/js/worker.js", "/js/worker.wasm-runtime.js",
            "/js/worker.wasm", "/model/suggest-chars-1.bin");

    private ChatBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ChatBench JAR|URL [RUNS]");
            System.exit(1);
        }
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        if (args[0].matches("https?://.*")) {
            measure(args[0], runs);
        } else {
            try (LocalServer server = LocalServer.start(Path.of(args[0]), List.of())) {
                measure(server.url(), runs);
            }
        }
    }

    static void measure(String base, int runs) throws IOException, InterruptedException {
        chatTurn(base, MODEL_PROMPTS.get(0)); // warm-up: JIT and libtorch's first calls
        turns(base, runs, "the model's replies", MODEL_PROMPTS);
        turns(base, runs, "the sample prompts' replies (four of five answered by the define tool, \"hello\" by the model)", TimedStream.PROMPTS);
        pageWeight(base);
    }

    /** Questions the planner leaves to the model: no tool answers them. */
    static final List<String> MODEL_PROMPTS = List.of("Tell me everything about operating systems.",
            "Tell me a story about a daemon.", "Say something about compilers.", "hello", "Write a line about Unix.");

    static void turns(String base, int runs, String what, List<String> prompts) throws IOException, InterruptedException {
        List<Double> ttft = new ArrayList<>(), tokensPerSecond = new ArrayList<>(), deltas = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            TimedStream.Run run = chatTurn(base, prompts.get(i % prompts.size()));
            ttft.add(run.firstTokenMs());
            deltas.add((double) run.tokens());
            if (run.tokens() > 1) {
                tokensPerSecond.add((run.tokens() - 1) * 1000.0 / (run.endMs() - run.firstTokenMs()));
            }
        }
        // the first text comes after the PII guard's 64-character hold-back, not with the first token
        System.out.printf("%s: single stream, %d runs over HTTP SSE%n", what, runs);
        System.out.printf("  time to first text    p50 %7.1f ms   p90 %7.1f ms%n",
                TimedStream.pct(ttft, 50), TimedStream.pct(ttft, 90));
        if (!tokensPerSecond.isEmpty()) {
            System.out.printf("  text deltas/s         p50 %7.1f      p90 %7.1f%n",
                    TimedStream.pct(tokensPerSecond, 50), TimedStream.pct(tokensPerSecond, 90));
        }
        System.out.printf("  deltas per reply      p50 %7.0f%n", TimedStream.pct(deltas, 50));
    }

    /** One chat turn in a new session; each TEXT_MESSAGE_CONTENT is one streamed piece (about a token). */
    static TimedStream.Run chatTurn(String base, String prompt) throws IOException, InterruptedException {
        String body = WireFormat.encode(new ChatRequest(null, prompt));
        return TimedStream.post(base + "/api/chat", body, data -> switch (WireFormat.decodeEvent(data)) {
            case StreamEvent.TextMessageContent c -> 1;
            case StreamEvent.RunError e -> throw new IllegalStateException("RUN_ERROR " + e);
            default -> 0;
        });
    }

    /** What a first visit downloads: the page, everything it names and the on-device model, raw and gzipped. */
    static void pageWeight(String base) throws IOException, InterruptedException {
        String html = new String(get(base + "/"), UTF_8);
        Set<String> paths = new LinkedHashSet<>(List.of("/"));
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"").matcher(html);
        while (m.find()) {
            paths.add("/" + m.group(1).replaceFirst("^/", ""));
        }
        paths.addAll(FETCHED_BY_CODE);
        long raw = 0, gzipped = 0;
        System.out.println("page weight (first visit)");
        for (String path : paths) {
            byte[] body = get(base + path);
            int gz = gzip(body).length;
            raw += body.length;
            gzipped += gz;
            System.out.printf("  %-28s %8d B  %8d B gzipped%n", path, body.length, gz);
        }
        System.out.printf("  %-28s %8d B  %8d B gzipped%n", "total", raw, gzipped);
    }

    static byte[] get(String url) throws IOException, InterruptedException {
        return TimedStream.HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
