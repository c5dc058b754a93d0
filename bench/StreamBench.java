import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.WireFormat;

/**
 * Measures a running server the way a browser sees it: one chat stream at a time over real HTTP SSE,
 * time to first token and tokens per second (medians and p90), then the page weight of the client.
 * Run by {@code bin/bench}; {@code java -cp shared-model/target/classes bench/StreamBench.java URL [RUNS]}.
 */
public class StreamBench {

    static final List<String> PROMPTS = List.of("what is a daemon?", "define kernel", "what does RTFM mean?",
            "what is a compiler?", "what is the Jargon File?");

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        stream(http, base, PROMPTS.get(0)); // warm-up: JIT and libtorch's first calls
        List<Double> ttft = new ArrayList<>(), tokensPerSecond = new ArrayList<>(), deltas = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Run run = stream(http, base, PROMPTS.get(i % PROMPTS.size()));
            ttft.add(run.firstTokenMs());
            deltas.add((double) run.deltas());
            if (run.deltas() > 1) {
                tokensPerSecond.add((run.deltas() - 1) * 1000.0 / (run.endMs() - run.firstTokenMs()));
            }
        }
        System.out.printf("single stream, %d runs over HTTP SSE%n", runs);
        System.out.printf("  time to first token   p50 %7.1f ms   p90 %7.1f ms%n", pct(ttft, 50), pct(ttft, 90));
        System.out.printf("  decode tokens/s       p50 %7.1f      p90 %7.1f%n",
                pct(tokensPerSecond, 50), pct(tokensPerSecond, 90));
        System.out.printf("  deltas per reply      p50 %7.0f%n", pct(deltas, 50));
        pageWeight(http, base);
    }

    record Run(double firstTokenMs, double endMs, int deltas) {}

    /** One chat turn in a new session; each TEXT_MESSAGE_CONTENT is one streamed piece (about a token). */
    static Run stream(HttpClient http, String base, String prompt) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(WireFormat.encode(new ChatRequest(null, prompt))))
                .build();
        long start = System.nanoTime();
        double first = -1;
        int deltas = 0;
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                StreamEvent event = WireFormat.decodeEvent(line.substring(5).strip());
                switch (event) {
                    case StreamEvent.TextMessageContent c -> {
                        if (first < 0) {
                            first = ms(start);
                        }
                        deltas++;
                    }
                    case StreamEvent.RunError e -> throw new IllegalStateException("RUN_ERROR " + e);
                    default -> {}
                }
            }
        }
        return new Run(first, ms(start), deltas);
    }

    /** Files the page's code fetches by itself, which the HTML does not name: the Wasm GC worker and its model. */
    static final List<String> FETCHED_BY_CODE = List.of("/js/worker.js", "/js/worker.wasm-runtime.js",
            "/js/worker.wasm", "/model/suggest-chars-1.bin");

    /** What a first visit downloads: the page, everything it names and the on-device model, raw and gzipped. */
    static void pageWeight(HttpClient http, String base) throws IOException, InterruptedException {
        String html = get(http, base + "/").toString(StandardCharsets.UTF_8);
        Set<String> paths = new LinkedHashSet<>(List.of("/"));
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"").matcher(html);
        while (m.find()) {
            paths.add("/" + m.group(1).replaceFirst("^/", ""));
        }
        paths.addAll(FETCHED_BY_CODE);
        long raw = 0, gzipped = 0;
        System.out.println("page weight (first visit)");
        for (String path : paths) {
            byte[] body = get(http, base + path).toByteArray();
            int gz = gzip(body).length;
            raw += body.length;
            gzipped += gz;
            System.out.printf("  %-28s %8d B  %8d B gzipped%n", path, body.length, gz);
        }
        System.out.printf("  %-28s %8d B  %8d B gzipped%n", "total", raw, gzipped);
    }

    static ByteArrayOutputStream get(HttpClient http, String url) throws IOException, InterruptedException {
        byte[] body = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body);
        return out;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
