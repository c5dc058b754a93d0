package org.hybridchat.server.network;

/**
 * SplitMix64: a tiny, fast PRNG whose sequence is fixed by its seed on every JVM, so weight
 * initialisation, batch sampling and reply sampling are reproducible (java.util.Random is too, but
 * this one is also trivial to port to the browser model).
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** A generator for one step of a run: independent of the neighbouring steps' generators. */
    public static Rng forStep(long seed, long step) {
        return new Rng(new Rng(seed).nextLong() + step);
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 24 random bits, the precision of a float. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, bound); the modulo bias is below 2^-32 for the bounds used here. */
    public int nextInt(int bound) {
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** Standard normal by Box-Muller; one of the pair is dropped to keep the state simple. */
    float nextGaussian() {
        double u = 1.0 - ((nextLong() >>> 11) * 0x1.0p-53);
        double v = (nextLong() >>> 11) * 0x1.0p-53;
        return (float) (Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v));
    }
}
