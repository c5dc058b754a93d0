import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hybridchat.loadtest.LocalServer;

/**
 * The serving benchmark (bin/bench-server): starts the server jar itself on 127.0.0.1, twice (batching
 * on, then off), and loads it with 1, 8, 32 and 64 concurrent streams of fixed-length replies from
 * {@code /v1/chat/completions}; then, with the model's FLOPs per token and the roofline measured
 * through libtorch (bench/roofline: GEMMs, and attention reading the cache), it prints how much
 * batching buys, how close decoding comes to the roofline, and how close its matrix multiplies alone
 * would let it come.
 *
 * <pre>java -cp target/bench:shared-model/target/classes:load-test/target/classes ServingBench JAR ROOFLINE_CLASSES</pre>
 *
 * ROOFLINE_CLASSES: where bench/roofline/Roofline.java was compiled to, against the server's classes.
 */
public final class ServingBench {
    static final int[] STREAMS = {1, 8, 32, 64};
    /** Every reply is this long (ignore_eos), so that every level does the same work per request. */
    static final int REPLY_TOKENS = 128;
    /** Requests per level, at least: enough for a median at one stream. */
    static final int MIN_REQUESTS = 16;
    /** Each level runs this often; its tokens/s are the median, its latencies pooled. */
    static final int REPEATS = 3;
    static final Duration LEVEL_TIMEOUT = Duration.ofMinutes(2);
    static final Pattern USAGE = Pattern.compile("\"prompt_tokens\":(\\d+),\"completion_tokens\":(\\d+)");

    /** One concurrency level: requests per run, tokens/s over all streams and per stream, latencies in ms. */
    record Level(int streams, int requests, double aggregate, double perStream,
                 double ttft50, double ttft99, double itl50, double itl99, double meanPromptTokens) {}

    /** A server under load: its URL and the model id its OpenAI API answers to. */
    record Endpoint(String url, String model) {}

    private ServingBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ServingBench JAR ROOFLINE_CLASSES");
            System.exit(1);
        }
        run(Path.of(args[0]), Path.of(args[1]));
    }

    static void run(Path jar, Path rooflineClasses) throws Exception {
        System.out.printf("serving benchmark, %s%n", Instant.now());
        System.out.println(Machine.describe());
        System.out.printf("%nload: %d-token replies (ignore_eos) to short prompts, streamed from /v1/chat/completions"
                + " over HTTP/1.1 SSE on 127.0.0.1; the client runs on the same machine%n", REPLY_TOKENS);
        List<Level> batched = levels(jar, 64);
        List<Level> unbatched = levels(jar, 1);
        RooflineResult roofline = RooflineResult.measure(jar, rooflineClasses,
                (int) Math.round(batched.get(2).meanPromptTokens()), REPLY_TOKENS);
        summary(batched, unbatched, roofline);
        System.out.println(Machine.describe());
    }

    /** Starts the server with this batch limit, runs every level against it, stops it. */
    static List<Level> levels(Path jar, int maxBatch) throws Exception {
        System.out.printf("%nbatching %s (hybridchat.generation.max-batch=%d)%n", maxBatch > 1 ? "on" : "off", maxBatch);
        System.out.printf("  streams  requests  agg tok/s  per-stream tok/s  TTFT p50 / p99 ms   ITL p50 / p99 ms"
                + "   (median of %d runs; latencies pooled)%n", REPEATS);
        List<Level> levels = new ArrayList<>();
        try (LocalServer local = LocalServer.start(jar, List.of(), "hybridchat.generation.max-batch=" + maxBatch,
                "hybridchat.generation.max-waiting=64",
                // unbatched, 64 streams wait longer than the default 20 s: measure them, do not refuse them
                "hybridchat.generation.max-queue-wait=10m")) {
            Endpoint server = new Endpoint(local.url(), modelId(local.url()));
            for (int warmUp = 0; warmUp < 3; warmUp++) {
                runs(server, 8); // JIT, libtorch's first calls, connections: a few seconds' worth
            }
            for (int streams : STREAMS) {
                Level level = level(server, streams);
                levels.add(level);
                System.out.printf(Locale.ROOT, "  %7d  %8d  %9.0f  %16.0f  %7.0f / %-7.0f  %7.1f / %-7.1f%n",
                        streams, level.requests(), level.aggregate(), level.perStream(),
                        level.ttft50(), level.ttft99(), level.itl50(), level.itl99());
            }
        }
        return levels;
    }

    static Level level(Endpoint server, int streams) throws Exception {
        List<TimedStream.Run> runs = new ArrayList<>();
        List<Double> aggregates = new ArrayList<>();
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            long start = System.nanoTime();
            List<TimedStream.Run> these = runs(server, streams);
            aggregates.add(these.stream().mapToLong(TimedStream.Run::tokens).sum() / ((System.nanoTime() - start) / 1e9));
            runs.addAll(these);
        }
        List<Double> ttft = runs.stream().map(TimedStream.Run::firstTokenMs).toList();
        List<Double> gaps = runs.stream().flatMap(run -> run.gapsMs().stream()).toList();
        List<Double> perStream = runs.stream().map(run -> (run.tokens() - 1) * 1000.0
                / (run.endMs() - run.firstTokenMs())).toList();
        return new Level(streams, runs.size() / REPEATS, TimedStream.pct(aggregates, 50), TimedStream.pct(perStream, 50),
                TimedStream.pct(ttft, 50), TimedStream.pct(ttft, 99), TimedStream.pct(gaps, 50), TimedStream.pct(gaps, 99),
                runs.stream().mapToInt(TimedStream.Run::promptTokens).average().orElseThrow());
    }

    /** {@code streams} clients, each sending its share of the requests one after another. */
    static List<TimedStream.Run> runs(Endpoint server, int streams) throws Exception {
        int rounds = (MIN_REQUESTS + streams - 1) / streams;
        List<Future<List<TimedStream.Run>>> clients = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < streams; client++) {
                int seed = client;
                clients.add(threads.submit(() -> {
                    List<TimedStream.Run> runs = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        runs.add(completion(server, TimedStream.PROMPTS.get((seed + round) % TimedStream.PROMPTS.size()), 1000L * seed + round));
                    }
                    return runs;
                }));
            }
            List<TimedStream.Run> runs = new ArrayList<>();
            for (Future<List<TimedStream.Run>> client : clients) {
                runs.addAll(client.get(LEVEL_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            return runs;
        }
    }

    /** One streamed completion; its tokens are counted from the usage chunk at its end. */
    static TimedStream.Run completion(Endpoint server, String prompt, long seed) throws IOException, InterruptedException {
        String body = """
                {"model":"%s","messages":[{"role":"user","content":"%s"}],"stream":true,\
                "stream_options":{"include_usage":true},"max_tokens":%d,"ignore_eos":true,"seed":%d}"""
                .formatted(server.model(), prompt, REPLY_TOKENS, seed);
        int[] usage = {0, 0};
        TimedStream.Run run = TimedStream.post(server.url() + "/v1/chat/completions", body, data -> {
            Matcher tokens = USAGE.matcher(data);
            if (tokens.find()) {
                usage[0] = Integer.parseInt(tokens.group(1));
                usage[1] = Integer.parseInt(tokens.group(2));
            }
            // a chunk with text; the first chunk's content is "" and only names the role
            return data.contains("\"content\":\"") && !data.contains("\"content\":\"\"") ? 1 : 0;
        });
        if (usage[1] != REPLY_TOKENS) {
            throw new IllegalStateException("expected " + REPLY_TOKENS + " tokens, the usage says " + usage[1]);
        }
        return new TimedStream.Run(run.firstTokenMs(), run.endMs(), run.gapsMs(), usage[0], usage[1]);
    }

    private static final Pattern MODEL_ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    /** The id of the model the server runs, as {@code GET /v1/models} lists it: completions must name it. */
    static String modelId(String url) throws IOException, InterruptedException {
        String models = TimedStream.HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher model = MODEL_ID.matcher(models);
        if (!model.find()) {
            throw new IllegalStateException("GET /v1/models named no model: " + models);
        }
        return model.group(1);
    }

    static void summary(List<Level> batched, List<Level> unbatched, RooflineResult roofline) {
        System.out.printf("%nbatching on against off, aggregate tokens/s%n");
        for (int i = 0; i < STREAMS.length; i++) {
            System.out.printf(Locale.ROOT, "  %2d streams: %7.0f against %7.0f = %5.1fx%n", STREAMS[i],
                    batched.get(i).aggregate(), unbatched.get(i).aggregate(),
                    batched.get(i).aggregate() / unbatched.get(i).aggregate());
        }
        double single = batched.get(0).aggregate();
        Level at32 = batched.get(2);
        double ratio = at32.aggregate() / single;
        System.out.printf(Locale.ROOT, "%nsingle stream: %.0f tokens/s (%.0f decoding, after the first token)%n",
                single, batched.get(0).perStream());
        System.out.printf(Locale.ROOT, "32 streams: %.0f tokens/s = %.1fx a single stream (target >= 10x: %s)%n",
                at32.aggregate(), ratio, ratio >= 10 ? "met" : "NOT met");
        // the reply's tokens attend, on average, to the prompt and half the reply
        double position = at32.meanPromptTokens() + REPLY_TOKENS / 2.0;
        double flopsPerToken = roofline.weightFlops() + roofline.positionFlops() * position;
        System.out.printf(Locale.ROOT, "FLOPs per token at the load's mean position, %.0f: %,.0f%n", position, flopsPerToken);
        // like with like: a step of N streams multiplies N rows (a multiple of 16) in one GEMM per weight
        System.out.println("the target is judged against the GEMM roofline at the rows the level's steps multiply");
        for (Level level : List.of(at32, batched.get(3))) {
            double gflops = level.aggregate() * flopsPerToken / 1e9;
            double roof = roofline.decodeAt(level.streams());
            double of = gflops / roof;
            System.out.printf(Locale.ROOT, "%d streams compute %.1f GFLOP/s = %.0f%% of the %d-row decoding GEMM"
                    + " roofline (%.1f; target >= 50%%: %s), %.0f%% of 16 rows (%.1f), %.0f%% of the %d x %d square"
                    + " (%.1f)%n", level.streams(), gflops, 100 * of, level.streams(), roof,
                    of >= 0.5 ? "met" : "NOT met", 100 * gflops / roofline.decode16(), roofline.decode16(),
                    100 * gflops / roofline.square(), 1024, 1024, roofline.square());
            // where a step's time goes, against what half the roofline would allow it
            double halfRoofMs = 1e3 * level.streams() * flopsPerToken / (0.5 * roof * 1e9);
            double gemmMs = 1e3 * level.streams() * roofline.weightFlops() / (roof * 1e9);
            double attentionMs = roofline.attentionAt(level.streams());
            System.out.printf(Locale.ROOT, "  50%% needs a step every %.1f ms; a step took %.1f ms (inter-token p50), the"
                    + " model's step alone %.1f ms, its GEMMs at the roofline would take %.1f ms, its attention took %.1f ms"
                    + " alone%n", halfRoofMs, level.itl50(), roofline.stepAt(level.streams()), gemmMs, attentionMs);
            // an estimate, not a strict bound: the GEMM rate is a median, the attention the fastest of its runs
            double ceiling = 1e3 * level.streams() / (gemmMs + attentionMs);
            System.out.printf(Locale.ROOT, "  those two alone allow about %,.0f tokens/s = %.0f%% of the roofline, with"
                    + " every other op, sampling and HTTP free%n", ceiling, 100 * ceiling * flopsPerToken / 1e9 / roof);
        }
    }

    /**
     * What bench/roofline/Roofline prints, read from its last line. It runs inside the server jar (Spring
     * Boot's PropertiesLauncher, with its classes on loader.path), so on the server's own libtorch and
     * with the server's thread settings.
     */
    record RooflineResult(double weightFlops, double positionFlops, double decode16, double decode32, double decode64,
                    double square, double attention32Ms, double attention64Ms, double step32Ms, double step64Ms) {
        /** GFLOP/s of the decoding shapes at the rows a step of this many streams multiplies. */
        double decodeAt(int streams) {
            return streams <= 16 ? decode16 : streams <= 32 ? decode32 : decode64;
        }

        /** Milliseconds of a step's attention for this many streams (32 or 64). */
        double attentionAt(int streams) {
            return streams <= 32 ? attention32Ms : attention64Ms;
        }

        /** Milliseconds of the model's own decoding step for this many streams (32 or 64). */
        double stepAt(int streams) {
            return streams <= 32 ? step32Ms : step64Ms;
        }

        /** Measures, with the steps' rows spread over replies of this length after prompts of that. */
        static RooflineResult measure(Path jar, Path rooflineClasses, int promptTokens, int replyTokens)
                throws IOException, InterruptedException {
            Process process = new ProcessBuilder(LocalServer.jdkTool("java"), "-Dai.djl.offline=true", "-cp", jar.toString(),
                    "-Dloader.path=" + rooflineClasses.toAbsolutePath(), "-Dloader.main=Roofline",
                    "org.springframework.boot.loader.launch.PropertiesLauncher", String.valueOf(promptTokens),
                    String.valueOf(replyTokens))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // DJL's start-up log comes first
            List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().dropWhile(line -> !line.startsWith("model:")).toList();
            if (process.waitFor() != 0 || lines.isEmpty()) {
                throw new IllegalStateException("Roofline failed: " + lines);
            }
            System.out.println();
            lines.subList(0, lines.size() - 1).forEach(System.out::println);
            String[] numbers = lines.getLast().split(" ");
            double[] values = Arrays.stream(numbers).mapToDouble(Double::parseDouble).toArray();
            return new RooflineResult(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
                    values[8], values[9]);
        }
    }

    /** What ran here, and what else was running: the machine is shared, so the numbers carry its load. */
    static final class Machine {
        static String describe() throws IOException, InterruptedException {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 2)).orElse("?");
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            Process ps = new ProcessBuilder("ps", "-eo", "pcpu,etime,args", "--sort=-pcpu").start();
            List<String> busiest = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .skip(1).limit(4).map(line -> "    " + line.substring(0, Math.min(line.length(), 110))).toList();
            ps.waitFor();
            return "machine: %d cores, %s; load average %s; busiest processes (%%CPU, elapsed, command):%n%s"
                    .formatted(Runtime.getRuntime().availableProcessors(), cpu, load, String.join("\n", busiest));
        }
    }
}
