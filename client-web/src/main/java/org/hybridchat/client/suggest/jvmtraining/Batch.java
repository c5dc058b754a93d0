package org.hybridchat.client.suggest.jvmtraining;

/**
 * Training examples: windows of K symbol ids [B, K], flat, and the id that follows each [B].
 *
 * <p>One window in {@link #SHORTENED} starts mid-way, its first positions filled with spaces: a chat
 * message is short, so in the browser the model often reads a text shorter than K, padded with spaces,
 * and it should have seen that in training, where the text is one long stream.
 */
record Batch(long[] contexts, long[] targets) {

    static final int SHORTENED = 8;

    /** {@code count} windows at random places of {@code ids}; {@code space} pads the shortened ones. */
    static Batch sample(byte[] ids, int count, int k, int space, Rng rng) {
        long[] contexts = new long[count * k];
        long[] targets = new long[count];
        for (int b = 0; b < count; b++) {
            int next = k + rng.nextInt(ids.length - k);
            int padded = rng.nextInt(SHORTENED) == 0 ? 1 + rng.nextInt(k - 1) : 0;
            for (int i = 0; i < k; i++) {
                contexts[b * k + i] = i < padded ? space : ids[next - k + i];
            }
            targets[b] = ids[next];
        }
        return new Batch(contexts, targets);
    }
}
