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
import org.hybridchat.contract.Json;
import org.hybridchat.loadtest.LocalServer;

/**
 * The serving benchmark (bin/bench-server): starts the server jar itself on 127.0.0.1, in both decoding
 * modes (hybridchat.generation.batch-invariant off, the default, and on), and loads it with 1, 8, 32 and
 * 64 concurrent streams of fixed-length replies from {@code /v1/chat/completions}; in the same run a
 * peer, the shipped weights in PyTorch eager in Python (bench/peer/torch_peer.py), decodes the same
 * prompts in-process on one thread. The two modes and the peer take turns, {@link #ROUNDS} times, so
 * that the machine's changing load falls on all of them; the tables give medians and ranges over
 * every run. It checks that the peer writes the server's greedy replies, prints where the decode
 * loop's time goes at each level, and, with the model's FLOPs per token and the roofline measured
 * through libtorch (bench/roofline), how close decoding comes to the roofline.
 *
 * <pre>java -cp target/bench:shared-model/target/classes:load-test/target/classes ServingBench JAR ROOFLINE_CLASSES PEER MODEL_DIR</pre>
 *
 * ROOFLINE_CLASSES: where bench/roofline/Roofline.java was compiled to, against the server's classes;
 * PEER: bench/peer/torch_peer.py; MODEL_DIR: the folder of the shipped gpt.bin and tokenizer.bin.
 */
public final class ServingBench {
    static final int[] STREAMS = {1, 8, 32, 64};
    static final int[] PEER_STREAMS = {1, 8, 32};
    /** Every reply is this long (ignore_eos), so that every level does the same work per request. */
    static final int REPLY_TOKENS = 128;
    /** Requests per level, at least: enough for a median at one stream. */
    static final int MIN_REQUESTS = 16;
    /** Each level runs this often per round; its tokens/s are the median over all rounds, its latencies pooled. */
    static final int REPEATS = 3;
    /** Off, on and the peer take turns this often. */
    static final int ROUNDS = 2;
    static final int PEER_RUNS = 3;
    static final Duration LEVEL_TIMEOUT = Duration.ofMinutes(2);
    static final Pattern USAGE = Pattern.compile("\"prompt_tokens\":(\\d+),\"completion_tokens\":(\\d+)");

    /**
     * One concurrency level: requests per run, tokens/s over all streams (each run's, and their median)
     * and per stream, latencies in ms, and where the decode loop's thread spent its time, in ms per step.
     */
    record Level(int streams, int requests, List<Double> aggregates, double perStream,
                 double ttft50, double ttft99, double itl50, double itl99, double meanPromptTokens,
                 double forwardMs, double samplingMs, double prefillMsPerStep) {
        double aggregate() {
            return TimedStream.pct(aggregates, 50);
        }
    }

    /** A server under load: its URL and the model id its OpenAI API answers to. */
    record Endpoint(String url, String model) {}

    /** One mode's levels over every round, and its greedy replies to the prompts. */
    record Mode(String name, boolean batchInvariant, List<List<Level>> rounds, List<String> greedy) {
        List<Double> aggregates(int level) {
            return rounds.stream().flatMap(round -> round.get(level).aggregates().stream()).toList();
        }
    }

    private ServingBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: ServingBench JAR ROOFLINE_CLASSES PEER MODEL_DIR");
            System.exit(1);
        }
        run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
    }

    static void run(Path jar, Path rooflineClasses, Path peerScript, Path modelDir) throws Exception {
        System.out.printf("serving benchmark, %s%n", Instant.now());
        System.out.println(Machine.describe());
        System.out.printf("%nload: %d-token replies (ignore_eos) to short prompts, streamed from /v1/chat/completions"
                + " over HTTP/1.1 SSE on 127.0.0.1; the client runs on the same machine%n", REPLY_TOKENS);
        System.out.printf("peer: the same weights and prompts in PyTorch eager (Python, one thread), greedy, in-process,"
                + " no HTTP: %s%n", peerScript);
        Mode off = new Mode("batch-invariant off", false, new ArrayList<>(), new ArrayList<>());
        Mode on = new Mode("batch-invariant on", true, new ArrayList<>(), new ArrayList<>());
        List<Peer.Result> peers = new ArrayList<>();
        List<Peer.Result> referencePeers = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            System.out.printf("%n== round %d of %d%n", round, ROUNDS);
            for (Mode mode : List.of(off, on)) {
                mode.rounds().add(levels(jar, mode, round == 1 ? mode.greedy() : null));
            }
            peers.add(Peer.run(peerScript, modelDir, round == 1, false));
            referencePeers.add(Peer.run(peerScript, modelDir, false, true));
        }
        RooflineResult roofline = RooflineResult.measure(jar, rooflineClasses,
                (int) Math.round(off.rounds().getFirst().get(2).meanPromptTokens()), REPLY_TOKENS);
        summary(off, on, peers, roofline);
        System.out.printf("%nthe peer on Debian's default reference BLAS instead of OpenBLAS (a slower peer, for comparison):%n");
        for (int streams : PEER_STREAMS) {
            List<Double> reference = Peer.rates(referencePeers, streams);
            System.out.printf(Locale.ROOT, "  %2d streams: %s tokens/s; ours, invariance off, %.2fx it%n", streams, spread(reference),
                    TimedStream.pct(off.aggregates(Arrays.binarySearch(STREAMS, streams)), 50) / TimedStream.pct(reference, 50));
        }
        System.out.println(Machine.describe());
    }

    /** Starts the server in this mode, runs every level against it, stops it; fills {@code greedy} if given. */
    static List<Level> levels(Path jar, Mode mode, List<String> greedy) throws Exception {
        System.out.printf("%nserver, %s (hybridchat.generation.batch-invariant=%s, max-batch 64)%n", mode.name(),
                mode.batchInvariant());
        System.out.printf("  streams  requests  agg tok/s  per-stream tok/s  TTFT p50 / p99 ms   ITL p50 / p99 ms"
                + "   per step: forward + sampling + prefill ms   (median of %d runs; latencies pooled)%n", REPEATS);
        List<Level> levels = new ArrayList<>();
        try (LocalServer local = LocalServer.start(jar, List.of(), "hybridchat.generation.max-batch=64",
                "hybridchat.generation.batch-invariant=" + mode.batchInvariant(),
                "hybridchat.generation.max-waiting=64", "hybridchat.generation.max-queue-wait=10m")) {
            Endpoint server = new Endpoint(local.url(), modelId(local.url()));
            for (int warmUp = 0; warmUp < 3; warmUp++) {
                runs(server, 8); // JIT, libtorch's first calls, connections: a few seconds' worth
            }
            for (int streams : STREAMS) {
                Level level = level(server, streams);
                levels.add(level);
                System.out.printf(Locale.ROOT, "  %7d  %8d  %9.0f  %16.0f  %7.0f / %-7.0f  %7.1f / %-7.1f"
                                + "   %6.2f + %.2f + %.2f%n",
                        streams, level.requests(), level.aggregate(), level.perStream(),
                        level.ttft50(), level.ttft99(), level.itl50(), level.itl99(),
                        level.forwardMs(), level.samplingMs(), level.prefillMsPerStep());
            }
            if (greedy != null) {
                for (String prompt : TimedStream.PROMPTS) {
                    greedy.add(greedyReply(server, prompt));
                }
            }
        }
        return levels;
    }

    static Level level(Endpoint server, int streams) throws Exception {
        List<TimedStream.Run> runs = new ArrayList<>();
        List<Double> aggregates = new ArrayList<>();
        double[] before = loopTimes(server);
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            long start = System.nanoTime();
            List<TimedStream.Run> these = runs(server, streams);
            aggregates.add(these.stream().mapToLong(TimedStream.Run::tokens).sum() / ((System.nanoTime() - start) / 1e9));
            runs.addAll(these);
        }
        double[] after = loopTimes(server);
        double steps = Math.max(1, after[1] - before[1]);
        List<Double> ttft = runs.stream().map(TimedStream.Run::firstTokenMs).toList();
        List<Double> gaps = runs.stream().flatMap(run -> run.gapsMs().stream()).toList();
        List<Double> perStream = runs.stream().map(run -> (run.tokens() - 1) * 1000.0
                / (run.endMs() - run.firstTokenMs())).toList();
        return new Level(streams, runs.size() / REPEATS, aggregates, TimedStream.pct(perStream, 50),
                TimedStream.pct(ttft, 50), TimedStream.pct(ttft, 99), TimedStream.pct(gaps, 50), TimedStream.pct(gaps, 99),
                runs.stream().mapToInt(TimedStream.Run::promptTokens).average().orElseThrow(),
                1e3 * (after[0] - before[0]) / steps, 1e3 * (after[2] - before[2]) / steps,
                1e3 * (after[4] - before[4]) / steps);
    }

    private static final Pattern STATISTIC = Pattern.compile("\"statistic\":\"(COUNT|TOTAL_TIME)\",\"value\":([-0-9.E]+)");

    /**
     * The decode loop's own timers, from the actuator: seconds and count of the forward passes, of the
     * sampling, of the prefills.
     */
    static double[] loopTimes(Endpoint server) throws IOException, InterruptedException {
        double[] times = new double[6];
        String[] timers = {"hybridchat.generation.step.forward", "hybridchat.generation.step.sampling",
                "hybridchat.generation.prefill"};
        for (int i = 0; i < timers.length; i++) {
            String body = TimedStream.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/actuator/metrics/"
                    + timers[i])).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher statistic = STATISTIC.matcher(body);
            while (statistic.find()) {
                times[2 * i + (statistic.group(1).equals("COUNT") ? 1 : 0)] = Double.parseDouble(statistic.group(2));
            }
        }
        return times;
    }

    /** The server's greedy reply (temperature 0, ignore_eos) to a prompt, alone: its text. */
    static String greedyReply(Endpoint server, String prompt) throws IOException, InterruptedException {
        String body = """
                {"model":"%s","messages":[{"role":"user","content":"%s"}],"max_tokens":%d,"ignore_eos":true,\
                "temperature":0}""".formatted(server.model(), prompt, REPLY_TOKENS);
        String response = TimedStream.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher content = CONTENT.matcher(response);
        if (!content.find()) {
            throw new IllegalStateException("no content in " + response);
        }
        return (String) Json.parse("\"" + content.group(1) + "\"");
    }

    private static final Pattern CONTENT = Pattern.compile("\"content\":\"((?:[^\"\\\\]|\\\\.)*)\"");

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

    /** "median (min-max)" of tokens/s. */
    static String spread(List<Double> values) {
        return String.format(Locale.ROOT, "%,6.0f (%,.0f-%,.0f)", TimedStream.pct(values, 50),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    static void summary(Mode off, Mode on, List<Peer.Result> peers, RooflineResult roofline) {
        Peer.Result firstPeer = peers.getFirst();
        System.out.printf("%ngreedy parity (temperature 0, %d tokens, ignore_eos): the peer's replies against the server's%n",
                REPLY_TOKENS);
        for (Mode mode : List.of(off, on)) {
            int same = 0;
            for (int i = 0; i < TimedStream.PROMPTS.size(); i++) {
                String server = mode.greedy().get(i);
                String peer = firstPeer.greedy().get(i);
                boolean equal = server.equals(peer);
                same += equal ? 1 : 0;
                if (!equal) {
                    int at = 0;
                    while (at < Math.min(server.length(), peer.length()) && server.charAt(at) == peer.charAt(at)) {
                        at++;
                    }
                    System.out.printf(Locale.ROOT, "  %s, \"%s\": differ from character %d (the peer's smallest top-1 - top-2"
                            + " logit gap: %.4f)%n    server: %s%n    peer:   %s%n", mode.name(), TimedStream.PROMPTS.get(i),
                            at, firstPeer.margins().get(i), server, peer);
                }
            }
            System.out.printf("  %s: %d of %d replies the same%s%n", mode.name(), same, TimedStream.PROMPTS.size(),
                    same == TimedStream.PROMPTS.size() ? " (PARITY: met)" : " (PARITY: NOT met)");
        }

        System.out.printf("%naggregate tokens/s, median (range) over %d rounds x %d runs (the peer: %d rounds x %d runs)%n",
                ROUNDS, REPEATS, peers.size(), PEER_RUNS);
        System.out.println("  streams  ours, invariance off   ours, invariance on    peer (PyTorch eager)   off/peer  on/peer");
        for (int i = 0; i < STREAMS.length; i++) {
            int streams = STREAMS[i];
            List<Double> peer = Peer.rates(peers, streams);
            double ours = TimedStream.pct(off.aggregates(i), 50);
            double oursOn = TimedStream.pct(on.aggregates(i), 50);
            double theirs = peer.isEmpty() ? Double.NaN : TimedStream.pct(peer, 50);
            System.out.printf(Locale.ROOT, "  %7d  %-21s  %-21s  %-21s  %6.2fx  %6.2fx%n", streams,
                    spread(off.aggregates(i)), spread(on.aggregates(i)), peer.isEmpty() ? "-" : spread(peer),
                    ours / theirs, oursOn / theirs);
        }
        double lone = TimedStream.pct(off.aggregates(0), 50);
        double peerLone = TimedStream.pct(Peer.rates(peers, 1), 50);
        double loneOn = TimedStream.pct(on.aggregates(0), 50);
        double at32On = TimedStream.pct(on.aggregates(2), 50);
        double at32 = TimedStream.pct(off.aggregates(2), 50);
        double peer32 = TimedStream.pct(Peer.rates(peers, 32), 50);
        System.out.printf(Locale.ROOT, "%ntargets, as ratios of medians in this run:%n");
        System.out.printf(Locale.ROOT, "  lone stream, invariance off: %.0f against the peer's %.0f = %.2fx (target >= 1.2x: %s)%n",
                lone, peerLone, lone / peerLone, lone / peerLone >= 1.2 ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "  32 streams, invariance on: %.0f against our lone stream's %.0f = %.1fx (target >= 10x: %s)%n",
                at32On, loneOn, at32On / loneOn, at32On / loneOn >= 10 ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "  32 streams, invariance off: %.0f against the peer's 32 = %.0f: %.2fx (target >= 4x: %s);"
                + " invariance on: %.2fx%n", at32, peer32, at32 / peer32, at32 / peer32 >= 4 ? "met" : "NOT met", at32On / peer32);
        System.out.printf(Locale.ROOT, "  (also: 32 streams, invariance off, against our own lone stream: %.1fx)%n", at32 / lone);

        List<Level> batched = off.rounds().getFirst();
        Level at32Level = batched.get(2);
        // the reply's tokens attend, on average, to the prompt and half the reply
        double position = at32Level.meanPromptTokens() + REPLY_TOKENS / 2.0;
        double flopsPerToken = roofline.weightFlops() + roofline.positionFlops() * position;
        System.out.printf(Locale.ROOT, "%nagainst the roofline (invariance off, round 1)%n");
        System.out.printf(Locale.ROOT, "FLOPs per token at the load's mean position, %.0f: %,.0f%n", position, flopsPerToken);
        // like with like: a step of N streams multiplies N rows in one GEMM per weight
        System.out.println("the target is judged against the GEMM roofline at the rows the level's steps multiply");
        for (Level level : List.of(at32Level, batched.get(3))) {
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

    /** The PyTorch eager peer, bench/peer/torch_peer.py, run with Debian's /usr/bin/python3. */
    static final class Peer {
        /** Its tokens/s per stream count, each run's; its greedy replies and their smallest logit margins (parity runs). */
        record Result(java.util.Map<Integer, List<Double>> rates, List<String> greedy, List<Double> margins) {}

        static List<Double> rates(List<Result> results, int streams) {
            return results.stream().flatMap(r -> r.rates().getOrDefault(streams, List.of()).stream()).toList();
        }

        /** With {@code referenceBlas}, torch calls Debian's reference libblas.so.3 instead of OpenBLAS. */
        static Result run(Path script, Path modelDir, boolean parity, boolean referenceBlas)
                throws IOException, InterruptedException {
            Path prompts = Files.createTempFile("bench-prompts", ".txt");
            Files.write(prompts, TimedStream.PROMPTS, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(),
                    modelDir.resolve("gpt.bin").toString(), modelDir.resolve("tokenizer.bin").toString(),
                    "--prompts-file", prompts.toString(), "--tokens", String.valueOf(REPLY_TOKENS), "--streams",
                    Arrays.stream(PEER_STREAMS).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(",")),
                    "--runs", String.valueOf(PEER_RUNS)));
            if (parity) {
                command.add("--parity");
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            if (referenceBlas) {
                builder.environment().put("LD_LIBRARY_PATH", "/usr/lib/x86_64-linux-gnu/blas");
            }
            Process process = builder.start();
            List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            Files.delete(prompts);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the peer failed: " + lines);
            }
            System.out.printf("%npeer, PyTorch eager in Python, in-process, one thread (%d runs per level)%s%n", PEER_RUNS,
                    referenceBlas ? ", on the reference BLAS" : "");
            java.util.Map<Integer, List<Double>> rates = new java.util.TreeMap<>();
            List<String> greedy = new ArrayList<>();
            List<Double> margins = new ArrayList<>();
            for (String line : lines) {
                String[] fields = line.split(" ", line.startsWith("level ") ? 7 : 6);
                switch (fields[0]) {
                    case "peer:" -> System.out.println("  " + line);
                    case "level" -> {
                        // runs are not printed one by one: the median, min and max stand for them
                        int streams = Integer.parseInt(fields[1]);
                        List<Double> values = Arrays.stream(fields[6].split(",")).map(Double::parseDouble).toList();
                        rates.put(streams, values);
                        System.out.printf(Locale.ROOT, "  %2d streams: %s tokens/s (decoding alone, after the first tokens:"
                                + " %s)%n", streams, spread(values), fields[5]);
                    }
                    case "parity" -> {
                        margins.add(Double.parseDouble(fields[3]));
                        greedy.add((String) Json.parse(fields[5])); // as Python's json.dumps wrote it
                    }
                    default -> { }
                }
            }
            return new Result(rates, greedy, margins);
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
