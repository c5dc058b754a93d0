package org.hybridchat.server.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.hybridchat.server.network.Gpt;
import org.hybridchat.server.network.Rng;
import org.hybridchat.server.network.WeightsFile;

/**
 * Trains a {@link Gpt} on a token stream: next-token cross-entropy, gradients by DJL's
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

    /** {@code count} random windows of {@code length + 1} tokens: inputs and their next tokens. */
    static long[][] sampleWindows(int[] stream, int count, int length, Rng rng) {
        long[][] windows = new long[count][length + 1];
        for (long[] window : windows) {
            int start = rng.nextInt(stream.length - length);
            for (int i = 0; i <= length; i++) {
                window[i] = stream[start + i];
            }
        }
        return windows;
    }

    /** One optimisation step on windows [B, T + 1]; returns the loss before the update. */
    float step(long[][] windows, float learningRate) {
        try (NDScope scope = new NDScope()) {
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = model.loss(toArray(windows));
                collector.backward(loss);
            }
            update(learningRate);
            return loss.getFloat();
        }
    }

    /** Adam on the gradients scaled down to a global norm of at most 1; then clears them. */
    private void update(float learningRate) {
        List<NDArray> gradients = model.parameters().stream().map(NDArray::getGradient).toList();
        double norm = Math.sqrt(gradients.stream().mapToDouble(g -> g.square().sum().getFloat()).sum());
        float clip = (float) Math.min(1, MAX_GRADIENT_NORM / (norm + 1e-6));
        steps++;
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

    /** The loss on windows [B, T + 1] without training on them. */
    float loss(long[][] windows) {
        try (NDScope scope = new NDScope()) {
            return model.loss(toArray(windows)).getFloat();
        }
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

    private NDArray toArray(long[][] windows) {
        long[] flat = new long[windows.length * windows[0].length];
        for (int i = 0; i < windows.length; i++) {
            System.arraycopy(windows[i], 0, flat, i * windows[0].length, windows[0].length);
        }
        return manager.create(flat, new Shape(windows.length, windows[0].length));
    }
}
