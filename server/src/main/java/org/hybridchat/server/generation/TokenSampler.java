package org.hybridchat.server.generation;

import org.hybridchat.server.network.Rng;

/**
 * Picks the next token from logits. Temperature 0 always takes the likeliest token. Otherwise the
 * candidates are the {@code topK} likeliest tokens, cut further to the fewest whose probabilities
 * add up to {@code topP} (nucleus sampling), and the temperature sharpens (below 1) or flattens
 * (above 1) their distribution. Seeded, so a seed replays the same choices for the same logits.
 */
final class TokenSampler {
    private final float temperature;
    private final int topK;
    private final float topP;
    private final Rng rng;

    TokenSampler(float temperature, int topK, float topP, long seed) {
        if (temperature < 0 || topK < 1 || !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("temperature must be >= 0, topK >= 1 and topP in (0, 1]");
        }
        this.temperature = temperature;
        this.topK = topK;
        this.topP = topP;
        this.rng = new Rng(seed);
    }

    /** Samples from {@code logits[offset .. offset + vocabulary)}: one row of a batch's logits. */
    int sample(float[] logits, int offset, int vocabulary) {
        if (temperature == 0) {
            return largest(logits, offset, vocabulary, 1)[0];
        }
        int k = Math.min(topK, vocabulary);
        int[] candidates = largest(logits, offset, vocabulary, k);
        double[] weights = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            // relative to the largest logit, so exp() cannot overflow
            weights[i] = Math.exp((logits[offset + candidates[i]] - logits[offset + candidates[0]]) / temperature);
            total += weights[i];
        }
        int kept = 0;
        double mass = 0;
        do {
            mass += weights[kept++];
        } while (kept < k && mass < topP * total);
        double target = rng.nextFloat() * mass;
        for (int i = 0; i < kept - 1; i++) {
            target -= weights[i];
            if (target < 0) {
                return candidates[i];
            }
        }
        return candidates[kept - 1];
    }

    int sample(float[] logits) {
        return sample(logits, 0, logits.length);
    }

    /** Indices of the k largest values, largest first: an insertion sort, as k is small. */
    private static int[] largest(float[] values, int offset, int length, int k) {
        int[] top = new int[k];
        int filled = 0;
        for (int index = 0; index < length; index++) {
            float value = values[offset + index];
            if (filled == k && value <= values[offset + top[k - 1]]) {
                continue;
            }
            int position = filled < k ? filled++ : k - 1;
            while (position > 0 && values[offset + top[position - 1]] < value) {
                top[position] = top[position - 1];
                position--;
            }
            top[position] = index;
        }
        return top;
    }
}
