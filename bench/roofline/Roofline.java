import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

import org.hybridchat.server.generation.ToolCallGrammar;
import org.hybridchat.server.network.Gpt;
import org.hybridchat.server.network.KvCache;
import org.hybridchat.server.network.ModelInfo;
import org.hybridchat.server.network.ServerModel;
import org.hybridchat.server.tools.CalculateTool;
import org.hybridchat.server.tools.DefineTool;
import org.hybridchat.server.tools.ForgetTool;
import org.hybridchat.server.tools.HistoryTool;
import org.hybridchat.server.tools.SearchTool;
import org.hybridchat.server.tools.ServerLoadTool;

/**
 * What this machine's libtorch can do for the shipped model, to judge the decoder against. Two
 * roofs, as a decoding step has two kinds of work:
 * <ul>
 * <li>compute: matrix multiplies at the model's decoding shapes (its weights times the 16, 32 or 64
 * rows a step multiplies) and one large square, in GFLOP/s;
 * <li>memory: attention reads every cached key and value once per step and does 2 FLOPs per float
 * read, so it runs at the speed of memory, not of the multiplier. Measured twice: a step's attention
 * (every layer; the same NDArray ops as the model's, written out here) over a tensor shaped like a
 * server-sized {@link KvCache} at 32 and 64 rows, and a plain streaming read of the same order of
 * size, in GB/s.
 * </ul>
 * And, to set against them, the model's FLOPs per generated token and its own decoding step
 * ({@link Gpt#decode}, without any serving around it) at 32 and 64 rows. Run by {@code bin/bench-server}
 * inside the server jar, so on its libtorch and with the server's thread settings (the same defaults,
 * or the same -D options), optionally with the
 * load's prompt and reply lengths (default: a one-token prompt and a reply that fills the context):
 * the rows of a step are spread evenly over the positions a reply is decoded at, and attend to the
 * furthest.
 *
 * <p>A benchmark, not part of the server, so it lives here and is compiled against the server's
 * classes and DJL (bin/bench-server does it); it runs in the server's jar, this class added by
 * Spring Boot's PropertiesLauncher:
 *
 * <pre>java -Dai.djl.offline=true -cp server/target/hybrid-chat-server.jar -Dloader.path=target/bench/roofline \
 *     -Dloader.main=Roofline org.springframework.boot.loader.launch.PropertiesLauncher [PROMPT_TOKENS REPLY_TOKENS]</pre>
 *
 * The last line is for the benchmark to read: the FLOPs per token of the weights, those per
 * attended position, the GFLOP/s of the decoding shapes at each of {@link #ROWS} and of the square,
 * the attention's milliseconds per step at 32 and 64 rows, and the decoding step's at 32 and 64 rows.
 */
public final class Roofline {
    private static final int SQUARE = 1024;
    private static final int REPEATS = 7;
    /** A step of up to 16, 32 or 64 replies multiplies this many rows: the model pads to multiples of 16. */
    private static final int[] ROWS = {16, 32, 64};
    /** The server's default max-batch: the cache attention reads from is this many rows (a multiple of 16). */
    private static final int CACHE_ROWS = 64;
    private static final long READ_BYTES = 64L << 20;
    /** The decoding step is timed in the mode the server runs in: -Dhybridchat.generation.batch-invariant. */
    private static final boolean BATCH_INVARIANT = Boolean.getBoolean("hybridchat.generation.batch-invariant");

    private Roofline() {
    }

    public static void main(String[] args) {
        // loading the model also applies the server's thread settings, before libtorch starts
        try (ServerModel model = ServerModel.loadShipped();
             NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            ModelInfo config = model.info();
            if (args.length != 0 && args.length != 2) {
                throw new IllegalArgumentException("usage: Roofline [PROMPT_TOKENS REPLY_TOKENS]");
            }
            int prompt = args.length == 2 ? Integer.parseInt(args[0]) : 1;
            int reply = args.length == 2 ? Integer.parseInt(args[1]) : config.contextLength();
            // prefill samples a reply's first token; steps read the others back, the last at this position
            int lastPosition = prompt + reply - 2;
            if (prompt < 1 || reply < 2 || lastPosition >= config.contextLength()) {
                throw new IllegalArgumentException("a " + prompt + "-token prompt and a " + reply
                        + "-token reply do not fit a context of " + config.contextLength());
            }
            int attended = roundUp(lastPosition + 1, Gpt.ATTENTION_BLOCK);
            // a multiply-add per weight, and per block q.k and the weighted sum of v per attended position
            double weightFlops = 2.0 * matmulWeights(config);
            double positionFlops = 4.0 * config.layers() * config.dModel();
            // a key and a value of C floats per block
            long positionBytes = 2L * config.layers() * config.dModel() * Float.BYTES;
            double[] decode = new double[ROWS.length];
            for (int i = 0; i < ROWS.length; i++) {
                decode[i] = decodeShapes(manager, config, ROWS[i]);
            }
            double square = square(manager);
            double attention32 = attentionMillis(manager, config, 32, attended);
            double attention64 = attentionMillis(manager, config, 64, attended);
            double read = streamingRead(manager);
            double step32 = decodeStepMillis(manager, model.gpt(), 32, prompt, lastPosition, config.vocabSize());
            double step64 = decodeStepMillis(manager, model.gpt(), 64, prompt, lastPosition, config.vocabSize());

            System.out.printf(Locale.ROOT, "model: %d layers, d_model %d, vocabulary %d, %,d parameters%n",
                    config.layers(), config.dModel(), config.vocabSize(), config.parameters());
            System.out.printf(Locale.ROOT, "  FLOPs per token: %,.0f for its %,d weights multiplied, plus %,.0f per "
                    + "position attended to%n", weightFlops, matmulWeights(config), positionFlops);
            System.out.printf(Locale.ROOT, "  bytes of cached keys and values read per token: %,d per position "
                    + "attended to (%.1f FLOPs per byte)%n", positionBytes, positionFlops / positionBytes);
            System.out.printf(Locale.ROOT, "compute roof, GEMMs through libtorch (%s intra-op threads), median of %d:%n",
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), REPEATS);
            StringBuilder last = new StringBuilder(String.format(Locale.ROOT, "%.0f %.0f", weightFlops, positionFlops));
            for (int i = 0; i < ROWS.length; i++) {
                System.out.printf(Locale.ROOT, "  decoding shapes, %2d rows x the model's weights  %7.1f GFLOP/s%n",
                        ROWS[i], decode[i]);
                last.append(String.format(Locale.ROOT, " %.2f", decode[i]));
            }
            System.out.printf(Locale.ROOT, "  square %d x %d x %d                      %7.1f GFLOP/s%n",
                    SQUARE, SQUARE, SQUARE, square);
            // memory is shared with the machine's neighbours and its speed swings from minute to minute:
            // the fastest of the repeats is the nearest to what it can do
            System.out.printf(Locale.ROOT, "memory roof, fastest of %d:%n", REPEATS);
            for (int rows : new int[] {32, 64}) {
                double millis = rows == 32 ? attention32 : attention64;
                double megabytes = (double) rows * attended * positionBytes / 1e6;
                System.out.printf(Locale.ROOT, "  a step's attention, %d rows x %d positions: %.2f ms (%.1f MB of keys "
                        + "and values at %.1f GB/s)%n", rows, attended, millis, megabytes, megabytes / millis);
            }
            System.out.printf(Locale.ROOT, "  a streaming read of %d MB (sum)                 %.1f GB/s%n",
                    READ_BYTES >> 20, read);
            System.out.printf(Locale.ROOT, "the model's decoding step alone, rows at positions %d..%d, fastest of %d:%n",
                    prompt, lastPosition, REPEATS);
            System.out.printf(Locale.ROOT, "  32 rows %.2f ms, 64 rows %.2f ms%n", step32, step64);
            double[] mask = constraintMicros(model);
            System.out.printf(Locale.ROOT, "constrained decoding, per row and step of a tool call (the registry's "
                    + "grammar quoting a message, over all %d tokens), median of %d calls: %.0f µs (range %.0f-%.0f), %.1f%% of a 32-row "
                    + "step shared by its rows%n", config.vocabSize(), CALLS.size() * REPEATS, mask[0], mask[1], mask[2],
                    100 * mask[0] / 1000 / step32);
            System.out.println(last.append(String.format(Locale.ROOT, " %.2f %.3f %.3f %.3f %.3f",
                    square, attention32, attention64, step32, step64)));
        }
    }

    /** Calls as the model writes them: the grammar's cost per step grows with how far a call has got. */
    private static final List<String> CALLS = List.of("define {\"term\":\"compiler\"}",
            "calculate {\"expression\":\"2^64 - 1\"}", "search {\"query\":\"network protocols\"}",
            "forget {\"scope\":\"conversation\"}", "history {\"query\":\"*\"}");
    /** The user's message the calls answer, which their quotes are pieces of, as in the server. */
    private static final String MESSAGE = "what is a compiler, what's 2^64 - 1, and search for network protocols";

    /**
     * The microseconds {@link ToolCallGrammar.Call#mask} takes per step while each call is written
     * token by token, averaged per call: median, fastest and slowest over the repeats.
     */
    private static double[] constraintMicros(ServerModel model) {
        Map<String, String> schemas = new LinkedHashMap<>();
        schemas.put(DefineTool.NAME, DefineTool.ARGUMENTS.jsonSchema());
        schemas.put(CalculateTool.NAME, CalculateTool.ARGUMENTS.jsonSchema());
        schemas.put(SearchTool.NAME, SearchTool.ARGUMENTS.jsonSchema());
        schemas.put(ForgetTool.NAME, ForgetTool.ARGUMENTS.jsonSchema());
        schemas.put(HistoryTool.NAME, HistoryTool.ARGUMENTS.jsonSchema());
        schemas.put(ServerLoadTool.NAME, ServerLoadTool.ARGUMENTS.jsonSchema());
        ToolCallGrammar grammar = ToolCallGrammar.of(schemas, model.tokenizer()).quoting(MESSAGE);
        float[] logits = new float[model.info().vocabSize()];
        List<Double> perStep = new ArrayList<>();
        for (int repeat = 0; repeat < REPEATS + 1; repeat++) {
            for (String text : CALLS) {
                ToolCallGrammar.Call call = grammar.start();
                int[] tokens = model.encode(text);
                long started = System.nanoTime();
                for (int token : tokens) {
                    call.mask(logits, 0);
                    call.accept(token);
                }
                call.mask(logits, 0);
                if (repeat > 0) { // the first round warms the JIT
                    perStep.add((System.nanoTime() - started) / 1e3 / (tokens.length + 1));
                }
            }
        }
        Collections.sort(perStep);
        return new double[] {perStep.get(perStep.size() / 2), perStep.getFirst(), perStep.getLast()};
    }

    /** Weights multiplied per token: four projections per block, and the output head. */
    private static long matmulWeights(ModelInfo config) {
        long c = config.dModel();
        return config.layers() * 12 * c * c + (long) config.vocabSize() * c;
    }

    /** One decoding step's matrix multiplies, at this many rows, as the model issues them. */
    private static double decodeShapes(NDManager manager, ModelInfo config, int rows) {
        int c = config.dModel();
        int[][] shapes = {{c, 3 * c}, {c, c}, {c, 4 * c}, {4 * c, c}, {c, config.vocabSize()}};
        NDArray[] inputs = new NDArray[shapes.length];
        NDArray[] weights = new NDArray[shapes.length];
        double flops = 0;
        for (int i = 0; i < shapes.length; i++) {
            inputs[i] = manager.randomNormal(new Shape(rows, 1, shapes[i][0]));
            weights[i] = manager.randomNormal(new Shape(shapes[i][1], shapes[i][0]));
            flops += 2.0 * rows * shapes[i][0] * shapes[i][1];
        }
        double seconds = median(secondsPerRun(200, () -> {
            for (int i = 0; i < shapes.length; i++) {
                Linear.linear(inputs[i], weights[i]);
            }
        }));
        return flops / seconds / 1e9;
    }

    private static double square(NDManager manager) {
        NDArray a = manager.randomNormal(new Shape(SQUARE, SQUARE));
        NDArray b = manager.randomNormal(new Shape(SQUARE, SQUARE));
        return 2.0 * SQUARE * SQUARE * SQUARE / median(secondsPerRun(5, () -> a.matMul(b))) / 1e9;
    }

    /**
     * A decoding step's attention, all layers, of this many rows over this many cached positions: per
     * layer and row, one query per head against the cached keys, softmax, times the cached values, as
     * the model does it. The cache is laid out as the server's {@link KvCache}: per layer
     * [2, rows, H, positions, D], keys then values, read through views of its first rows and positions.
     */
    private static double attentionMillis(NDManager manager, ModelInfo config, int rows, int attended) {
        int h = config.heads();
        int d = config.dModel() / h;
        float scale = (float) (1.0 / Math.sqrt(d));
        try (NDManager step = manager.newSubManager()) {
            Shape cacheShape = new Shape(2, CACHE_ROWS, h, roundUp(config.contextLength(), Gpt.ATTENTION_BLOCK), d);
            NDArray[] cache = new NDArray[config.layers()];
            for (int layer = 0; layer < cache.length; layer++) {
                cache[layer] = step.zeros(cacheShape);
            }
            NDArray q = step.randomNormal(new Shape(rows, h, 1, d));                     // [B, H, 1, D]
            NDArray mask = step.zeros(new Shape(rows, 1, 1, attended));                // [B, 1, 1, S]
            return 1e3 * secondsPerRun(20, () -> {
                for (NDArray layer : cache) {
                    NDArray k = layer.get("0, :{}, :, :{}", rows, attended);             // [B, H, S, D]
                    NDArray v = layer.get("1, :{}, :, :{}", rows, attended);             // [B, H, S, D]
                    NDArray scores = q.mul(scale).matMul(k.transpose(0, 1, 3, 2)).add(mask); // [B, H, 1, S]
                    scores.softmax(-1).matMul(v);                                        // [B, H, 1, D]
                }
            })[0];
        }
    }

    /** {@link Gpt#decode} of this many rows, at positions spread evenly from {@code first} to {@code last}. */
    private static double decodeStepMillis(NDManager manager, Gpt gpt, int rows, int first, int last, int vocabSize) {
        int[] tokens = new int[rows];
        int[] positions = new int[rows];
        for (int b = 0; b < rows; b++) {
            tokens[b] = vocabSize - 1 - b; // any ordinary tokens: these are the last merges learned
            positions[b] = first + (last - first) * b / (rows - 1);
        }
        try (KvCache cache = gpt.newCache(CACHE_ROWS, manager)) {
            return 1e3 * secondsPerRun(20, () -> gpt.decode(manager, tokens, positions, cache, BATCH_INVARIANT).toFloatArray())[0];
        }
    }

    /** GB/s of summing a tensor too large for the cores' own caches: the best libtorch reads memory here. */
    private static double streamingRead(NDManager manager) {
        try (NDManager read = manager.newSubManager()) {
            NDArray values = read.randomNormal(new Shape(READ_BYTES / Float.BYTES));
            return READ_BYTES / secondsPerRun(5, values::sum)[0] / 1e9;
        }
    }

    /** The time of one run, over each of {@link #REPEATS} batches of {@code runs} runs after a warm-up, fastest first. */
    private static double[] secondsPerRun(int runs, Runnable work) {
        double[] seconds = new double[REPEATS + 1];
        for (int repeat = 0; repeat <= REPEATS; repeat++) {
            long start = System.nanoTime();
            for (int run = 0; run < runs; run++) {
                try (NDScope scope = new NDScope()) {
                    work.run();
                }
            }
            seconds[repeat] = (System.nanoTime() - start) / 1e9 / runs;
        }
        double[] measured = Arrays.copyOfRange(seconds, 1, seconds.length);
        Arrays.sort(measured);
        return measured;
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }
}
