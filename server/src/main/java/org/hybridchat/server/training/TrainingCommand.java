package org.hybridchat.server.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.hybridchat.server.network.BpeTokenizer;
import org.hybridchat.server.network.ChatPrompt;
import org.hybridchat.server.network.Gpt;
import org.hybridchat.server.network.Rng;
import org.hybridchat.server.network.WeightsFile;

/**
 * Trains the server's tokenizer and GPT on the dictionary corpus and exports them, the weights in
 * half precision; in the spirit of nanoGPT's train.py. Run it with bin/train-server-model (the
 * model card lists the command that made the shipped model).
 *
 * <p>Everything random follows from the seed: the split's order, the tokenizer (trained on the
 * training split only), initial weights, each step's batch. A run stopped and resumed from its
 * checkpoint therefore ends with the same weights.
 */
public final class TrainingCommand {
    private static final int EVAL_BATCHES = 10;
    private static final float BIGRAM_K = 0.1f;

    record Options(int steps, int batch, long seed, Path output, Path corpus, Path checkpoint, boolean resume,
                   int merges, int dModel, int layers, int heads, int context, float learningRate, int warmup,
                   int decay, int evalEvery, Path plot) {

        static Options parse(String[] args) {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option, got '" + args[i] + "'");
                }
                boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
                given.put(args[i].substring(2), flag ? "true" : args[++i]);
            }
            Options options = new Options(
                    Integer.parseInt(given.getOrDefault("steps", "3000")),
                    Integer.parseInt(given.getOrDefault("batch", "16")),
                    Long.parseLong(given.getOrDefault("seed", "1337")),
                    Path.of(given.getOrDefault("out", "server/src/main/resources/model")),
                    Path.of(given.getOrDefault("corpus", "data/corpus")),
                    Path.of(given.getOrDefault("checkpoint", "data/train/checkpoint")),
                    Boolean.parseBoolean(given.getOrDefault("resume", "false")),
                    Integer.parseInt(given.getOrDefault("merges", "2048")),
                    Integer.parseInt(given.getOrDefault("d-model", "192")),
                    Integer.parseInt(given.getOrDefault("layers", "6")),
                    Integer.parseInt(given.getOrDefault("heads", "4")),
                    Integer.parseInt(given.getOrDefault("context", "256")),
                    Float.parseFloat(given.getOrDefault("lr", "2e-3")),
                    Integer.parseInt(given.getOrDefault("warmup", "200")),
                    Integer.parseInt(given.getOrDefault("decay", "600")),
                    Integer.parseInt(given.getOrDefault("eval-every", "100")),
                    Path.of(given.getOrDefault("plot", "docs/loss-curve.png")));
            List<String> known = List.of("steps", "batch", "seed", "out", "corpus", "checkpoint", "resume", "merges",
                    "d-model", "layers", "heads", "context", "lr", "warmup", "decay", "eval-every", "plot");
            given.keySet().removeAll(known);
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet() + "; known: " + known);
            }
            return options;
        }
    }

    private TrainingCommand() {
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        List<DictionaryExchanges.Exchange> exchanges = new ArrayList<>();
        for (String dictionary : List.of("foldoc", "jargon")) {
            exchanges.addAll(DictionaryExchanges.read(options.corpus(), dictionary, options.seed()));
        }
        Collections.shuffle(exchanges, new Random(options.seed()));
        List<DictionaryExchanges.Exchange> trainExchanges = exchanges.stream().filter(e -> !e.isValidation()).toList();
        List<DictionaryExchanges.Exchange> validationExchanges =
                exchanges.stream().filter(DictionaryExchanges.Exchange::isValidation).toList();

        long started = System.nanoTime();
        BpeTokenizer tokenizer = BpeTraining.learn(trainExchanges.stream()
                .flatMap(e -> Stream.of(e.question(), e.answer())).toList(), options.merges());
        int[] train = tokens(tokenizer, trainExchanges);
        int[] validation = tokens(tokenizer, validationExchanges);
        double bytesPerToken = (double) byteTokens(tokenizer, validation) / validation.length;
        Gpt.Config config = new Gpt.Config(tokenizer.vocabSize(), options.context(), options.layers(),
                options.heads(), options.dModel());
        System.out.printf("tokenizer: %d merges in %.1f s, %.2f bytes per token%n",
                tokenizer.vocabSize() - BpeTokenizer.FIRST_MERGE, (System.nanoTime() - started) / 1e9, bytesPerToken);
        System.out.printf("%d exchanges: %,d training tokens, %,d validation tokens; %s, %,d parameters%n",
                exchanges.size(), train.length, validation.length, config, config.parameterCount());
        System.out.printf("e.g. %s%n", exchanges.getFirst());
        double bigram = new Bigram(train, tokenizer.vocabSize(), BIGRAM_K).loss(validation);
        System.out.printf("bigram baseline (add-%.1f) on validation: %.3f nats per token, %.3f nats per byte%n",
                BIGRAM_K, bigram, bigram / bytesPerToken);

        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Gpt model = Gpt.initialize(config, manager, options.seed());
            Trainer trainer = new Trainer(model, manager);
            LossCurve curve = new LossCurve();
            Path losses = options.checkpoint().resolve("losses.csv");
            if (options.resume() && Files.exists(options.checkpoint().resolve("steps"))) {
                trainer.resume(options.checkpoint());
                curve = LossCurve.load(losses);
                System.out.printf("resumed at step %d from %s%n", trainer.steps(), options.checkpoint());
            }
            started = System.nanoTime();
            int firstStep = trainer.steps();
            int lastEvaluation = firstStep; // checkpoints are taken at evaluations
            double lossSinceEvaluation = 0;
            for (int step = firstStep; step < options.steps(); step++) {
                Rng rng = Rng.forStep(options.seed(), step);
                long[][] batch = Trainer.sampleWindows(train, options.batch(), options.context(), rng);
                float loss = trainer.step(batch, learningRate(options, step));
                lossSinceEvaluation += loss;
                showProgress(options, step + 1, loss, step + 1 - firstStep, System.nanoTime() - started);
                if ((step + 1) % options.evalEvery() == 0 || step + 1 == options.steps()) {
                    float validationLoss = meanLoss(trainer, validation, options);
                    double meanTrainLoss = lossSinceEvaluation / (step + 1 - lastEvaluation);
                    curve.add(new LossCurve.Point(step + 1, meanTrainLoss, validationLoss));
                    lossSinceEvaluation = 0;
                    lastEvaluation = step + 1;
                    System.out.printf("%nstep %d: validation loss %.3f%n", step + 1, validationLoss);
                    trainer.checkpoint(options.checkpoint());
                    curve.save(losses);
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            double validationLoss = streamLoss(trainer, validation, options);
            System.out.printf("%d steps in %s (%,.0f tokens/s)%n", options.steps() - firstStep, took.withNanos(0),
                    (double) (options.steps() - firstStep) * options.batch() * options.context() / took.toSeconds());
            System.out.printf("final loss: train %.3f (sampled windows); whole validation split %.3f nats per token, "
                            + "%.3f nats per byte; bigram %.3f, %.3f%n", meanLoss(trainer, train, options),
                    validationLoss, validationLoss / bytesPerToken, bigram, bigram / bytesPerToken);
            Path weights = options.output().resolve("gpt.bin");
            Path tokenizerFile = options.output().resolve("tokenizer.bin");
            WeightsFile.write(weights, config, model.parameters(), WeightsFile.Precision.HALF);
            Files.write(tokenizerFile, tokenizer.toBytes());
            System.out.printf("wrote %s (%,d bytes) and %s (%,d bytes)%n", weights, Files.size(weights),
                    tokenizerFile, Files.size(tokenizerFile));
            if (!curve.points().isEmpty()) {
                curve.draw(options.plot(), "%d layers, d_model %d, %,d parameters, %d-token vocabulary".formatted(
                        config.layers(), config.dModel(), config.parameterCount(), config.vocabSize()), bigram);
                System.out.printf("drew %s%n", options.plot());
            }
        }
    }

    /** The exchanges one after another, rendered exactly as prompts and replies are. */
    static int[] tokens(BpeTokenizer tokenizer, List<DictionaryExchanges.Exchange> exchanges) {
        return exchanges.stream().map(e -> ChatPrompt.turns(tokenizer, e.messages()))
                .flatMapToInt(Arrays::stream).toArray();
    }

    /** How long the stream is in byte tokens (UTF-8 bytes and turn markers), the unit of per-byte losses. */
    static long byteTokens(BpeTokenizer tokenizer, int[] tokens) {
        return Arrays.stream(tokens).mapToLong(token -> Math.max(1, tokenizer.byteLength(token))).sum();
    }

    /**
     * Linear warm-up, a constant peak, then a linear decay to a tenth of the peak over the last
     * {@code decay} steps ("warmup-stable-decay"). Unlike nanoGPT's cosine over the whole run, the
     * rate before the decay does not depend on the run's length: a run on a machine slower than
     * planned can be shortened while it trains (stop it, resume with a smaller --steps before its
     * decay began) and still ends exactly as a run planned that long from the start.
     */
    static float learningRate(Options options, int step) {
        if (step < options.warmup()) {
            return options.learningRate() * (step + 1) / options.warmup();
        }
        int decayStart = options.steps() - options.decay();
        if (step < decayStart) {
            return options.learningRate();
        }
        double progress = (double) (step - decayStart) / Math.max(1, options.decay());
        return (float) (options.learningRate() * (1 - 0.9 * Math.min(1, progress)));
    }

    /** Mean loss over the same fixed windows every time, so that evaluations compare. */
    private static float meanLoss(Trainer trainer, int[] tokens, Options options) {
        Rng rng = new Rng(options.seed());
        float total = 0;
        for (int i = 0; i < EVAL_BATCHES; i++) {
            total += trainer.loss(Trainer.sampleWindows(tokens, options.batch(), options.context(), rng));
        }
        return total / EVAL_BATCHES;
    }

    /** Mean loss over the whole stream, cut into consecutive windows: every token predicted once. */
    private static double streamLoss(Trainer trainer, int[] tokens, Options options) {
        int length = options.context();
        int windows = (tokens.length - 1) / length;
        double total = 0;
        for (int first = 0; first < windows; first += options.batch()) {
            long[][] batch = new long[Math.min(options.batch(), windows - first)][length + 1];
            for (int w = 0; w < batch.length; w++) {
                for (int i = 0; i <= length; i++) {
                    batch[w][i] = tokens[(first + w) * length + i];
                }
            }
            total += (double) trainer.loss(batch) * batch.length;
        }
        return total / windows;
    }

    private static void showProgress(Options options, int step, float loss, int stepsDone, long nanos) {
        double seconds = nanos / 1e9;
        double tokensPerSecond = (double) stepsDone * options.batch() * options.context() / seconds;
        long remaining = Math.round(seconds / stepsDone * (options.steps() - step));
        System.out.printf("\rstep %d/%d  loss %.3f  %,.0f tok/s  ETA %dm%02ds ", step, options.steps(), loss,
                tokensPerSecond, remaining / 60, remaining % 60);
        System.out.flush();
    }
}
