package org.hybridchat.server.model;

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

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

/**
 * Trains the server's GPT on the dictionary corpus and exports half-precision weights; in the
 * spirit of nanoGPT's train.py. Run it with bin/train-server-model, e.g.
 * {@code bin/train-server-model --steps 2000 --seed 1337}.
 *
 * <p>Everything random follows from the seed: initial weights, the order of the exchanges, each
 * step's batch. A run stopped and resumed from its checkpoint therefore ends with the same weights.
 */
public final class Train {
    private static final int EVAL_BATCHES = 10;

    record Options(int steps, int batch, long seed, Path output, Path corpus, Path checkpoint, boolean resume,
                   int dModel, int layers, int heads, int context, float learningRate, int warmup, int evalEvery) {

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
                    Integer.parseInt(given.getOrDefault("steps", "2000")),
                    Integer.parseInt(given.getOrDefault("batch", "16")),
                    Long.parseLong(given.getOrDefault("seed", "1337")),
                    Path.of(given.getOrDefault("out", "server/src/main/resources/model/gpt-skeleton.bin")),
                    Path.of(given.getOrDefault("corpus", "data/corpus")),
                    Path.of(given.getOrDefault("checkpoint", "data/train/checkpoint")),
                    Boolean.parseBoolean(given.getOrDefault("resume", "false")),
                    Integer.parseInt(given.getOrDefault("d-model", "128")),
                    Integer.parseInt(given.getOrDefault("layers", "4")),
                    Integer.parseInt(given.getOrDefault("heads", "4")),
                    Integer.parseInt(given.getOrDefault("context", "256")),
                    Float.parseFloat(given.getOrDefault("lr", "3e-3")),
                    Integer.parseInt(given.getOrDefault("warmup", "100")),
                    Integer.parseInt(given.getOrDefault("eval-every", "100")));
            List<String> known = List.of("steps", "batch", "seed", "out", "corpus", "checkpoint", "resume", "d-model",
                    "layers", "heads", "context", "lr", "warmup", "eval-every");
            given.keySet().removeAll(known);
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet() + "; known: " + known);
            }
            return options;
        }
    }

    private Train() {
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        List<DictdCorpus.Exchange> exchanges = new ArrayList<>();
        for (String dictionary : List.of("foldoc", "jargon")) {
            exchanges.addAll(DictdCorpus.read(options.corpus(), dictionary, options.seed()));
        }
        Collections.shuffle(exchanges, new Random(options.seed()));
        int[] train = tokens(exchanges.stream().filter(e -> !e.isValidation()).toList());
        int[] validation = tokens(exchanges.stream().filter(DictdCorpus.Exchange::isValidation).toList());
        Gpt.Config config = new Gpt.Config(ByteTokenizer.VOCAB_SIZE, options.context(), options.layers(),
                options.heads(), options.dModel());
        System.out.printf("%d exchanges: %,d training tokens, %,d validation tokens; %s, %,d parameters%n",
                exchanges.size(), train.length, validation.length, config, config.parameterCount());

        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Gpt model = Gpt.initialize(config, manager, options.seed());
            Trainer trainer = new Trainer(model, manager);
            if (options.resume() && Files.exists(options.checkpoint().resolve("steps"))) {
                trainer.resume(options.checkpoint());
                System.out.printf("resumed at step %d from %s%n", trainer.steps(), options.checkpoint());
            }
            long started = System.nanoTime();
            int firstStep = trainer.steps();
            for (int step = firstStep; step < options.steps(); step++) {
                Rng rng = Rng.forStep(options.seed(), step);
                long[][] batch = Trainer.sampleWindows(train, options.batch(), options.context(), rng);
                float loss = trainer.step(batch, learningRate(options, step));
                showProgress(options, step + 1, loss, step + 1 - firstStep, System.nanoTime() - started);
                if ((step + 1) % options.evalEvery() == 0 || step + 1 == options.steps()) {
                    System.out.printf("%nstep %d: validation loss %.3f%n", step + 1,
                            meanLoss(trainer, validation, options));
                    trainer.checkpoint(options.checkpoint());
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("%d steps in %s; final loss: train %.3f, validation %.3f%n", options.steps() - firstStep,
                    took.withNanos(0), meanLoss(trainer, train, options), meanLoss(trainer, validation, options));
            WeightsFile.write(options.output(), config, model.parameters(), WeightsFile.Precision.HALF);
            System.out.printf("wrote %s (%,d bytes)%n", options.output(), Files.size(options.output()));
        }
    }

    /** The exchanges one after another, rendered exactly as prompts and replies are. */
    static int[] tokens(List<DictdCorpus.Exchange> exchanges) {
        return exchanges.stream().map(e -> ChatPrompt.turns(e.messages()))
                .flatMapToInt(Arrays::stream).toArray();
    }

    /** Linear warm-up, then cosine decay to a tenth of the peak rate, as in nanoGPT. */
    static float learningRate(Options options, int step) {
        if (step < options.warmup()) {
            return options.learningRate() * (step + 1) / options.warmup();
        }
        double progress = (double) (step - options.warmup()) / Math.max(1, options.steps() - options.warmup());
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
        return (float) (options.learningRate() * (0.1 + 0.9 * cosine));
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

    private static void showProgress(Options options, int step, float loss, int stepsDone, long nanos) {
        double seconds = nanos / 1e9;
        double tokensPerSecond = (double) stepsDone * options.batch() * options.context() / seconds;
        long remaining = Math.round(seconds / stepsDone * (options.steps() - step));
        System.out.printf("\rstep %d/%d  loss %.3f  %,.0f tok/s  ETA %dm%02ds ", step, options.steps(), loss,
                tokensPerSecond, remaining / 60, remaining % 60);
        System.out.flush();
    }
}
