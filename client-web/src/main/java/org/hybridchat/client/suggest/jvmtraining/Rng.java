package org.hybridchat.client.suggest.jvmtraining;

/**
 * SplitMix64: a tiny generator whose sequence is fixed by its seed, so the initial weights and every
 * batch follow from the seed. Gaussians use StrictMath, whose results every JVM shares.
 */
final class Rng {

    private long state;

    Rng(long seed) {
        state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound); the modulo bias is below 2^-32 for the bounds used here. */
    int nextInt(int bound) {
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** {@code n} values from N(0, std^2), by Box-Muller. */
    float[] gaussians(int n, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            double u = 1.0 - (nextLong() >>> 11) * 0x1.0p-53; // (0, 1]: log(u) is finite
            double v = (nextLong() >>> 11) * 0x1.0p-53;
            values[i] = std * (float) (StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v));
        }
        return values;
    }
}
