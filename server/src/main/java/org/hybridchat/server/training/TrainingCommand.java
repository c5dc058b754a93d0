package org.hybridchat.server.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.server.knowledge.Entry;
import org.hybridchat.server.knowledge.KnowledgeIndex;
import org.hybridchat.server.knowledge.ShippedDictionaries;
import org.hybridchat.server.network.BpeTokenizer;
import org.hybridchat.server.network.ChatPrompt;
import org.hybridchat.server.network.Gpt;
import org.hybridchat.server.network.Rng;
import org.hybridchat.server.network.WeightsFile;
import org.hybridchat.server.planning.ToolPrompt;

/**
 * Trains the server's tokenizer and GPT on tool-use conversations ({@link ToolExchanges}, made from
 * the shipped dictionaries and the tools) and exports them, the weights in half precision; in the
 * spirit of nanoGPT's train.py. Run it with bin/train-server-model (the model card lists the command
 * that made the shipped model). The loss counts only what the model writes: its calls and answers.
 *
 * <p>Everything random follows from the seed: the exchanges, the tokenizer (trained on the
 * training side only), initial weights, each step's batch. A run stopped and resumed from its
 * checkpoint therefore ends with the same weights.
 */
public final class TrainingCommand {
    /** How many exchanges of about the same length a batch is drawn from (see {@link #sample}). */
    static final int NEIGHBOURS = 1024;
    private static final int EVAL_BATCHES = 10;
    private static final float BIGRAM_K = 0.1f;
    /** The held-out exchanges the validation loss is measured on: this many definitions, and the other kinds in proportion. */
    private static final int VALIDATION_DEFINITIONS = 400;

    record Options(int steps, int batch, long seed, Path output, Path checkpoint, boolean resume,
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
                    Path.of(given.getOrDefault("checkpoint", "data/train/checkpoint")),
                    Boolean.parseBoolean(given.getOrDefault("resume", "false")),
                    Integer.parseInt(given.getOrDefault("merges", "2048")),
                    Integer.parseInt(given.getOrDefault("d-model", "192")),
                    Integer.parseInt(given.getOrDefault("layers", "6")),
                    Integer.parseInt(given.getOrDefault("heads", "4")),
                    Integer.parseInt(given.getOrDefault("context", "384")),
                    Float.parseFloat(given.getOrDefault("lr", "2e-3")),
                    Integer.parseInt(given.getOrDefault("warmup", "200")),
                    Integer.parseInt(given.getOrDefault("decay", "600")),
                    Integer.parseInt(given.getOrDefault("eval-every", "100")),
                    Path.of(given.getOrDefault("plot", "docs/loss-curve.png")));
            List<String> known = List.of("steps", "batch", "seed", "out", "checkpoint", "resume", "merges",
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
        long started = System.nanoTime();
        List<Entry> entries = ShippedDictionaries.entries();
        KnowledgeIndex index = ShippedDictionaries.index();
        List<ToolExchanges.Exchange> trainExchanges = ToolExchanges.training(index, entries, options.seed());
        List<ToolExchanges.Exchange> validationExchanges =
                ToolExchanges.heldOut(index, entries, options.seed(), VALIDATION_DEFINITIONS);
        System.out.printf("%,d training and %,d held-out exchanges in %.1f s, e.g.%n  %s%n", trainExchanges.size(),
                validationExchanges.size(), (System.nanoTime() - started) / 1e9, trainExchanges.getFirst());

        started = System.nanoTime();
        String toolList = ToolPrompt.toolList(ToolExchanges.TOOLS);
        BpeTokenizer tokenizer = BpeTraining.learn(Stream.concat(Stream.of(toolList), trainExchanges.stream()
                .flatMap(TrainingCommand::texts)).toList(), options.merges());
        int[] tools = ChatPrompt.toolList(tokenizer, toolList);
        List<ToolExchanges.Tokens> train = tokens(tokenizer, tools, trainExchanges, options.context());
        List<ToolExchanges.Tokens> validation = tokens(tokenizer, tools, validationExchanges, options.context());
        Gpt.Config config = new Gpt.Config(tokenizer.vocabSize(), options.context(), options.layers(),
                options.heads(), options.dModel());
        System.out.printf("tokenizer: %d merges in %.1f s; the tool list is %d tokens%n",
                tokenizer.vocabSize() - BpeTokenizer.FIRST_MERGE, (System.nanoTime() - started) / 1e9, tools.length);
        System.out.printf("%,d training tokens (%,d of them written by the model), %,d validation tokens; %s, "
                        + "%,d parameters%n", count(train, false), count(train, true), count(validation, false),
                config, config.parameterCount());
        double bigram = new Bigram(train, tokenizer.vocabSize(), BIGRAM_K).loss(validation);
        System.out.printf("bigram baseline (add-%.1f) on validation: %.3f nats per written token%n", BIGRAM_K, bigram);

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
            long tokensSeen = 0;
            for (int step = firstStep; step < options.steps(); step++) {
                Trainer.Batch batch = sample(train, options.batch(), Rng.forStep(options.seed(), step));
                float loss = trainer.step(batch, learningRate(options, step));
                lossSinceEvaluation += loss;
                tokensSeen += (long) batch.tokens().length * batch.tokens()[0].length;
                showProgress(options, step + 1, loss, step + 1 - firstStep, tokensSeen, System.nanoTime() - started);
                if ((step + 1) % options.evalEvery() == 0 || step + 1 == options.steps()) {
                    float validationLoss = fixedBatchesLoss(trainer, validation, options);
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
            System.out.printf("%d steps in %s (%,.0f tokens/s); %d skipped, their gradients not finite%n",
                    options.steps() - firstStep, took.withNanos(0), tokensSeen / Math.max(1.0, took.toSeconds()),
                    trainer.skipped());
            System.out.printf("final loss per written token: train %.3f (fixed batches); whole validation split %.3f; "
                    + "bigram %.3f%n", fixedBatchesLoss(trainer, train, options), wholeLoss(trainer, validation, options),
                    bigram);
            Path weights = options.output().resolve("gpt.bin");
            Path tokenizerFile = options.output().resolve("tokenizer.bin");
            WeightsFile.write(weights, config, model.parameters(), WeightsFile.Precision.HALF);
            Files.write(tokenizerFile, tokenizer.toBytes());
            Files.writeString(options.output().resolve("tools.txt"), toolList + "\n");
            System.out.printf("wrote %s (%,d bytes) and %s (%,d bytes)%n", weights, Files.size(weights),
                    tokenizerFile, Files.size(tokenizerFile));
            if (!curve.points().isEmpty()) {
                curve.draw(options.plot(), "%d layers, d_model %d, %,d parameters, %d-token vocabulary".formatted(
                        config.layers(), config.dModel(), config.parameterCount(), config.vocabSize()), bigram);
                System.out.printf("drew %s%n", options.plot());
            }
        }
    }

    /** Every text of an exchange, for the tokenizer to learn its merges from. */
    private static Stream<String> texts(ToolExchanges.Exchange exchange) {
        return Stream.of(exchange.conversation().stream().map(ChatMessage::content),
                        Stream.ofNullable(exchange.call()).map(c -> ToolPrompt.call(c, ToolExchanges.TOOLS.get(c.tool()))),
                        Stream.ofNullable(exchange.result()).map(ToolPrompt::result), Stream.ofNullable(exchange.answer()))
                .flatMap(s -> s);
    }

    /**
     * The exchanges' tokens, shortest first (see {@link #sample}); the rare one longer than the
     * context (a long history) is left out.
     */
    static List<ToolExchanges.Tokens> tokens(BpeTokenizer tokenizer, int[] tools, List<ToolExchanges.Exchange> exchanges,
                                             int context) {
        return exchanges.stream().map(e -> e.tokens(tokenizer, tools)).filter(t -> t.tokens().length <= context + 1)
                .sorted(Comparator.comparingInt(t -> t.tokens().length)).toList();
    }

    private static long count(List<ToolExchanges.Tokens> exchanges, boolean writtenOnly) {
        long count = 0;
        for (ToolExchanges.Tokens exchange : exchanges) {
            for (boolean trained : exchange.trained()) {
                count += !writtenOnly || trained ? 1 : 0;
            }
        }
        return count;
    }

    /**
     * {@code size} exchanges drawn at random from the {@value #NEIGHBOURS} around one drawn at
     * random, in a list sorted by length: a batch is padded to its longest, and exchanges run from
     * a short sum to a long definition, so batches of alike lengths halve the work of a step.
     */
    static Trainer.Batch sample(List<ToolExchanges.Tokens> byLength, int size, Rng rng) {
        int from = Math.clamp(rng.nextInt(byLength.size()) - NEIGHBOURS / 2, 0, Math.max(0, byLength.size() - NEIGHBOURS));
        int to = Math.min(byLength.size(), from + NEIGHBOURS);
        List<ToolExchanges.Tokens> picked = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            picked.add(byLength.get(from + rng.nextInt(to - from)));
        }
        return Trainer.Batch.of(picked);
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

    /** Mean loss over the same batches every time, so that evaluations compare. */
    private static float fixedBatchesLoss(Trainer trainer, List<ToolExchanges.Tokens> exchanges, Options options) {
        Rng rng = new Rng(options.seed());
        float total = 0;
        for (int i = 0; i < EVAL_BATCHES; i++) {
            total += trainer.loss(sample(exchanges, options.batch(), rng));
        }
        return total / EVAL_BATCHES;
    }

    /** Mean loss over every exchange once, weighted by the tokens each batch counts. */
    private static double wholeLoss(Trainer trainer, List<ToolExchanges.Tokens> exchanges, Options options) {
        double total = 0;
        long counted = 0;
        for (int first = 0; first < exchanges.size(); first += options.batch()) {
            List<ToolExchanges.Tokens> slice = exchanges.subList(first, Math.min(exchanges.size(), first + options.batch()));
            long written = count(slice, true);
            total += (double) trainer.loss(Trainer.Batch.of(slice)) * written;
            counted += written;
        }
        return total / counted;
    }

    private static void showProgress(Options options, int step, float loss, int stepsDone, long tokens, long nanos) {
        double seconds = nanos / 1e9;
        long remaining = Math.round(seconds / stepsDone * (options.steps() - step));
        System.out.printf("\rstep %d/%d  loss %.3f  %,.0f tok/s  ETA %dm%02ds ", step, options.steps(), loss,
                tokens / seconds, remaining / 60, remaining % 60);
        System.out.flush();
    }
}
