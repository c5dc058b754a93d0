package org.hybridchat.server.model;

/**
 * Picks the next token from logits: only the {@code topK} likeliest tokens are candidates, and the
 * temperature sharpens (below 1) or flattens (above 1) their distribution. Seeded, so a seed
 * replays the same choices for the same logits.
 */
final class Sampler {
    private final float temperature;
    private final int topK;
    private final Rng rng;

    Sampler(float temperature, int topK, long seed) {
        if (temperature <= 0 || topK < 1) {
            throw new IllegalArgumentException("temperature must be > 0 and topK >= 1");
        }
        this.temperature = temperature;
        this.topK = topK;
        this.rng = new Rng(seed);
    }

    int sample(float[] logits) {
        int k = Math.min(topK, logits.length);
        int[] candidates = largest(logits, k);
        double[] weights = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            // relative to the largest logit, so exp() cannot overflow
            weights[i] = Math.exp((logits[candidates[i]] - logits[candidates[0]]) / temperature);
            total += weights[i];
        }
        double target = rng.nextFloat() * total;
        for (int i = 0; i < k - 1; i++) {
            target -= weights[i];
            if (target < 0) {
                return candidates[i];
            }
        }
        return candidates[k - 1];
    }

    /** Indices of the k largest values, largest first: an insertion sort, as k is small. */
    private static int[] largest(float[] values, int k) {
        int[] top = new int[k];
        int filled = 0;
        for (int index = 0; index < values.length; index++) {
            if (filled == k && values[index] <= values[top[k - 1]]) {
                continue;
            }
            int position = filled < k ? filled++ : k - 1;
            while (position > 0 && values[top[position - 1]] < values[index]) {
                top[position] = top[position - 1];
                position--;
            }
            top[position] = index;
        }
        return top;
    }
}
