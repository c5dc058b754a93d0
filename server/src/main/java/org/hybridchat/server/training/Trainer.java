package org.hybridchat.server.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import org.hybridchat.server.network.Gpt;
import org.hybridchat.server.network.WeightsFile;

/**
 * Trains a {@link Gpt} on batches of exchanges: next-token cross-entropy on what the model writes, gradients by DJL's
 * GradientCollector, global-norm clipping and Adam written out in NDArray ops. Written out because
 * the optimizer's moments belong in the checkpoint (DJL's Adam keeps them private), and because
 * DJL's optClipGrad only clamps from above on PyTorch.
 */
final class Trainer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.95f;
    private static final float EPSILON = 1e-8f;
    private static final float MAX_GRADIENT_NORM = 1.0f;

    private final Gpt model;
    private final NDManager manager;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private int steps;
    private int skipped;

    Trainer(Gpt model, NDManager manager) {
        this.model = model;
        this.manager = manager;
        for (NDArray parameter : model.parameters()) {
            parameter.setRequiresGradient(true);
            means.add(manager.zeros(parameter.getShape()));
            variances.add(manager.zeros(parameter.getShape()));
        }
    }

    int steps() {
        return steps;
    }

    /** Steps whose gradients were not finite, and so changed nothing. */
    int skipped() {
        return skipped;
    }

    /**
     * A batch of exchanges, padded to the longest: tokens [B, T + 1] and, for each next-token
     * prediction, 1 where it is counted in the loss [B, T].
     */
    record Batch(long[][] tokens, float[][] counted) {
        static Batch of(List<ToolExchanges.Tokens> exchanges) {
            int length = exchanges.stream().mapToInt(e -> e.tokens().length).max().orElseThrow();
            long[][] tokens = new long[exchanges.size()][length];
            float[][] counted = new float[exchanges.size()][length - 1];
            for (int b = 0; b < exchanges.size(); b++) {
                ToolExchanges.Tokens exchange = exchanges.get(b);
                for (int i = 0; i < exchange.tokens().length; i++) {
                    tokens[b][i] = exchange.tokens()[i]; // the padding is token 0, never counted
                    if (i > 0 && exchange.trained()[i]) {
                        counted[b][i - 1] = 1;
                    }
                }
            }
            return new Batch(tokens, counted);
        }
    }

    /** One optimisation step; returns the loss before the update. */
    float step(Batch batch, float learningRate) {
        try (NDScope scope = new NDScope()) {
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = lossOf(batch);
                collector.backward(loss);
            }
            update(learningRate);
            return loss.getFloat();
        }
    }

    /**
     * Adam on the gradients scaled down to a global norm of at most 1; then clears them. Gradients
     * that are not finite change nothing: clipping cannot scale an infinity, and one such update
     * turns every weight, and every loss after it, into NaN.
     */
    private void update(float learningRate) {
        List<NDArray> gradients = model.parameters().stream().map(NDArray::getGradient).toList();
        double norm = Math.sqrt(gradients.stream().mapToDouble(g -> g.square().sum().getFloat()).sum());
        float clip = (float) Math.min(1, MAX_GRADIENT_NORM / (norm + 1e-6));
        steps++;
        if (!Double.isFinite(norm)) {
            skipped++;
            gradients.forEach(g -> g.set(new NDIndex("..."), 0)); // NaN times 0 is NaN: overwrite instead
            return;
        }
        float correction1 = 1 - (float) Math.pow(BETA1, steps);
        float correction2 = 1 - (float) Math.pow(BETA2, steps);
        for (int i = 0; i < gradients.size(); i++) {
            NDArray gradient = gradients.get(i).mul(clip);
            NDArray mean = means.get(i).muli(BETA1).addi(gradient.mul(1 - BETA1));
            NDArray variance = variances.get(i).muli(BETA2).addi(gradient.square().mul(1 - BETA2));
            NDArray update = mean.div(correction1).div(variance.div(correction2).sqrt().add(EPSILON));
            model.parameters().get(i).subi(update.mul(learningRate));
            gradients.get(i).muli(0); // PyTorch adds each backward pass to the stored gradient
        }
    }

    /** The loss on a batch without training on it. */
    float loss(Batch batch) {
        try (NDScope scope = new NDScope()) {
            return lossOf(batch).getFloat();
        }
    }

    private NDArray lossOf(Batch batch) {
        return model.loss(manager.create(batch.tokens()), manager.create(batch.counted()));
    }

    /** Saves weights, Adam's moments and the step count, so that {@link #resume} continues exactly. */
    void checkpoint(Path folder) throws IOException {
        Gpt.Config config = model.config();
        WeightsFile.write(folder.resolve("weights.bin"), config, model.parameters(), WeightsFile.Precision.SINGLE);
        WeightsFile.write(folder.resolve("adam-means.bin"), config, means, WeightsFile.Precision.SINGLE);
        WeightsFile.write(folder.resolve("adam-variances.bin"), config, variances, WeightsFile.Precision.SINGLE);
        Files.writeString(folder.resolve("steps"), Integer.toString(steps));
    }

    /** Loads a {@link #checkpoint} of a model with this trainer's configuration. */
    void resume(Path folder) throws IOException {
        copyInto(model.parameters(), folder.resolve("weights.bin"));
        copyInto(means, folder.resolve("adam-means.bin"));
        copyInto(variances, folder.resolve("adam-variances.bin"));
        steps = Integer.parseInt(Files.readString(folder.resolve("steps")).strip());
    }

    private void copyInto(List<NDArray> targets, Path file) throws IOException {
        WeightsFile.Contents contents = WeightsFile.read(Files.readAllBytes(file));
        if (!contents.config().equals(model.config())) {
            throw new IOException(file + " holds " + contents.config() + ", not " + model.config());
        }
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).set(contents.tensors().get(i));
        }
    }

}
