package org.hybridchat.client.suggest.jvmtraining;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hybridchat.client.suggest.Alphabet;
import org.hybridchat.client.suggest.CharModel;
import org.hybridchat.client.suggest.worker.SuggestWorker;

/**
 * Trains the browser's {@link CharModel} with DJL on the PyTorch engine and writes its int8 file;
 * in the spirit of makemore's MLP and nanoGPT's train.py. It reads plain UTF-8 text on standard input;
 * {@code bin/train-browser-model} feeds it FOLDOC and the Jargon File:
 * <pre>
 *   zcat data/corpus/*.dict.dz | java ... CharModelTrainer [--out FILE --seed 1 --steps 30000 ...]
 * </pre>
 * Everything random follows from the seed: the initial weights and every batch. Runs on the JVM only;
 * nothing in the page refers to it, so TeaVM leaves it out.
 */
public final class CharModelTrainer {

    /** Space, letters, digits, the punctuation of prose, and '~' for anything else. */
    static final Alphabet ALPHABET = new Alphabet(" abcdefghijklmnopqrstuvwxyz0123456789.,;:!?'\"()-/~");

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.99f;
    private static final float EPSILON = 1e-8f;
    private static final int WARMUP = 100;
    private static final int EVAL_EVERY = 500;

    record Options(Path out, long seed, int steps, int batch, CharModel.Shape shape, float learningRate) {

        static Options parse(String[] args) {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
                }
                given.put(args[i].substring(2), args[i + 1]);
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
            }
            Options options = new Options(
                    Path.of(given.getOrDefault("out", "client-web/src/main/resources/static/" + SuggestWorker.MODEL_FILE)),
                    Long.parseLong(given.getOrDefault("seed", "1")),
                    Integer.parseInt(given.getOrDefault("steps", "30000")),
                    Integer.parseInt(given.getOrDefault("batch", "512")),
                    new CharModel.Shape(Integer.parseInt(given.getOrDefault("context", "16")),
                            Integer.parseInt(given.getOrDefault("embedding", "16")),
                            Integer.parseInt(given.getOrDefault("hidden", "256")), ALPHABET),
                    Float.parseFloat(given.getOrDefault("lr", "3e-3")));
            given.keySet().removeAll(List.of("out", "seed", "steps", "batch", "context", "embedding", "hidden", "lr"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet());
            }
            return options;
        }
    }

    private CharModelTrainer() {}

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        TrainingText text = TrainingText.of(new String(System.in.readAllBytes(), StandardCharsets.UTF_8), ALPHABET);
        System.out.printf("%,d training characters, %,d validation characters; %s%n",
                text.train().length, text.validation().length, options.shape());

        long started = System.nanoTime();
        byte[] file = train(text, options, System.out::print);
        Duration took = Duration.ofNanos(System.nanoTime() - started).withNanos(0);
        Files.write(options.out(), file);
        System.out.printf("%ntrained in %s; wrote %s (%,d bytes)%n", took, options.out(), file.length);

        CharModel model = CharModel.read(file);
        System.out.printf("validation loss of the int8 file, as the browser runs it: %.4f nats/char%n",
                Evaluation.loss(model, text.validation(), 20_000, options.seed()));
        System.out.println(Evaluation.keystrokes(model, text.validation(), options.seed()));
    }

    /** Trains a model on {@code text} and returns its file; {@code log} gets progress lines. */
    static byte[] train(TrainingText text, Options options, java.util.function.Consumer<String> log) {
        CharModel.Shape shape = options.shape();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Mlp mlp = Mlp.initialize(shape, manager, new Rng(options.seed()));
            Adam adam = new Adam(mlp.parameters(), manager);
            Rng rng = new Rng(options.seed() + 1);
            int space = shape.alphabet().id(' ');
            Batch fixedValidation = Batch.sample(text.validation(), 4096, shape.context(), space, new Rng(options.seed() + 2));
            for (int step = 0; step < options.steps(); step++) {
                Batch batch = Batch.sample(text.train(), options.batch(), shape.context(), space, rng);
                try (NDScope scope = new NDScope()) {
                    NDArray loss;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        loss = mlp.loss(batch, manager);
                        collector.backward(loss);
                    }
                    adam.step(learningRate(options, step));
                    if ((step + 1) % EVAL_EVERY == 0 || step + 1 == options.steps()) {
                        log.accept(String.format("step %5d/%d  train loss %.4f  validation loss %.4f%n", step + 1,
                                options.steps(), loss.getFloat(), mlp.loss(fixedValidation, manager).getFloat()));
                    }
                }
            }
            return CharModel.write(shape, mlp.embedding.toFloatArray(), mlp.w1.toFloatArray(), mlp.b1.toFloatArray(),
                    mlp.w2.toFloatArray(), mlp.b2.toFloatArray());
        }
    }

    /** Linear warm-up, then cosine decay to a tenth of the peak rate, as in nanoGPT. */
    private static float learningRate(Options options, int step) {
        if (step < WARMUP) {
            return options.learningRate() * (step + 1) / WARMUP;
        }
        double progress = (double) (step - WARMUP) / Math.max(1, options.steps() - WARMUP);
        return (float) (options.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }

    /** The model of {@link CharModel}'s class comment, in NDArray ops; weights [out, in] as Linear wants. */
    private record Mlp(CharModel.Shape shape, NDArray embedding, NDArray w1, NDArray b1, NDArray w2, NDArray b2) {

        static Mlp initialize(CharModel.Shape shape, NDManager manager, Rng rng) {
            int k = shape.context();
            int e = shape.embedding();
            int h = shape.hidden();
            int v = shape.symbols();
            return new Mlp(shape,
                    manager.create(rng.gaussians(v * e, 1), new Shape(v, e)),
                    // He initialisation keeps the relu layer's output variance that of its input.
                    manager.create(rng.gaussians(h * k * e, (float) Math.sqrt(2.0 / (k * e))), new Shape(h, k * e)),
                    manager.zeros(new Shape(h)),
                    // Small output weights: the first predictions are near uniform, not confidently wrong.
                    manager.create(rng.gaussians(v * h, 0.01f), new Shape(v, h)),
                    manager.zeros(new Shape(v)));
        }

        List<NDArray> parameters() {
            return List.of(embedding, w1, b1, w2, b2);
        }

        /** Mean cross-entropy, in nats, of each window's next character. */
        NDArray loss(Batch batch, NDManager manager) {
            int b = batch.targets().length;
            NDArray contexts = manager.create(batch.contexts(), new Shape(b, shape.context())); // [B, K]
            NDArray targets = manager.create(batch.targets(), new Shape(b, 1));                // [B, 1]
            NDArray x = embedding.get(manager, new NDIndex("{}", contexts))                    // [B, K, E]
                    .reshape(b, (long) shape.context() * shape.embedding());                   // [B, K*E]
            NDArray hidden = Activation.relu(Linear.linear(x, w1, b1).head());                 // [B, H]
            NDArray logits = Linear.linear(hidden, w2, b2).head();                             // [B, V]
            return logits.logSoftmax(-1).gather(targets, -1).mean().neg();
        }
    }

    /** Adam, written out in NDArray ops: its moments live beside the weights, not inside DJL. */
    private static final class Adam {
        private final List<NDArray> parameters;
        private final List<NDArray> means;
        private final List<NDArray> variances;
        private int steps;

        Adam(List<NDArray> parameters, NDManager manager) {
            this.parameters = parameters;
            parameters.forEach(p -> p.setRequiresGradient(true));
            means = parameters.stream().map(p -> manager.zeros(p.getShape())).toList();
            variances = parameters.stream().map(p -> manager.zeros(p.getShape())).toList();
        }

        void step(float learningRate) {
            steps++;
            float correction1 = 1 - (float) Math.pow(BETA1, steps);
            float correction2 = 1 - (float) Math.pow(BETA2, steps);
            for (int i = 0; i < parameters.size(); i++) {
                NDArray gradient = parameters.get(i).getGradient();
                NDArray mean = means.get(i).muli(BETA1).addi(gradient.mul(1 - BETA1));
                NDArray variance = variances.get(i).muli(BETA2).addi(gradient.square().mul(1 - BETA2));
                parameters.get(i).subi(mean.div(correction1)
                        .div(variance.div(correction2).sqrt().add(EPSILON)).mul(learningRate));
                gradient.muli(0); // PyTorch adds each backward pass to the stored gradient
            }
        }
    }
}
