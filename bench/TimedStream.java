import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What ChatBench and ServingBench both measure: one streamed request over HTTP SSE, timed from its
 * start to each token as the client sees it, and the percentiles of such timings.
 */
final class TimedStream {

    /** The model card's sample prompts, so that the benchmarks and the card speak of the same replies. */
    static final List<String> PROMPTS = prompts();
    /** HTTP/1.1 set explicitly: the JDK's client otherwise tries an upgrade that plain-http SSE does not survive. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static List<String> prompts() {
        Path file = Path.of("server/src/main/resources/model/sample-prompts.txt"); // the bin scripts run from the root
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": run the benchmarks from the repository's root", e);
        }
    }

    private TimedStream() {
    }

    /** One request's timings, in ms from its start; the gaps between its tokens; how many tokens it read and got. */
    record Run(double firstTokenMs, double endMs, List<Double> gapsMs, int promptTokens, int tokens) {}

    /** How many tokens an SSE {@code data:} line carries (0 for none), or -1 for the end of the stream. */
    interface Tokens {
        int in(String data);
    }

    static Run post(String url, String body, Tokens tokens) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        double first = -1, last = -1;
        List<Double> gaps = new ArrayList<>();
        int count = 0;
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body().readAllBytes()));
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                int n = line.startsWith("data:") ? tokens.in(line.substring(5).strip()) : 0;
                if (n > 0) {
                    double now = ms(start);
                    if (first < 0) {
                        first = now;
                    } else {
                        gaps.add(now - last);
                    }
                    last = now;
                    count += n;
                }
            }
        }
        return new Run(first, ms(start), gaps, 0, count);
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
