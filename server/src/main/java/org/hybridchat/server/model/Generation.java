package org.hybridchat.server.model;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * One reply being written, a piece per {@link #next()} call. It owns the KV cache of its prompt and
 * reply, so a reply costs one model step per token rather than re-reading the whole prompt.
 *
 * <p>Calls may come from different threads, one at a time; they are synchronized so each sees the
 * cache the previous one left, and so a {@link #close()} from elsewhere waits for a running step.
 */
public final class Generation implements AutoCloseable {
    private final Gpt model;
    private final NDManager manager;
    private final Gpt.KvCache cache;
    private final Sampler sampler;
    private final int maxTokens;
    private final BpeTokenizer.StreamDecoder text;
    /** Tokens the model has not read yet: the prompt, then each sampled token in turn. */
    private int[] unread;
    private int generated;
    private boolean finished;

    Generation(Gpt model, NDManager parent, BpeTokenizer tokenizer, int[] prompt, Sampler sampler, int maxTokens) {
        this.model = model;
        this.text = tokenizer.streamDecoder();
        this.manager = parent.newSubManager();
        this.cache = new Gpt.KvCache(model.config());
        this.sampler = sampler;
        this.maxTokens = maxTokens;
        this.unread = prompt;
    }

    /**
     * Blocks while computing; returns the next piece of reply text, or null when the reply is done.
     * Pieces are whole Unicode characters (a token's incomplete UTF-8 sequence is held back).
     */
    public synchronized String next() {
        while (!finished) {
            int token = readAndSample();
            if (BpeTokenizer.isSpecial(token)) {
                break;
            }
            generated++;
            // a token sampled at the last position of the context can be shown but not read back
            finished = generated == maxTokens || cache.length() == model.config().contextLength();
            unread = new int[] {token};
            String piece = text.accept(token);
            if (!piece.isEmpty()) {
                return piece;
            }
        }
        close();
        String rest = text.flush();
        return rest.isEmpty() ? null : rest;
    }

    /** Feeds the unread tokens through the model and samples the token that follows them. */
    private int readAndSample() {
        try (NDScope step = new NDScope()) {
            long[] ids = Arrays.stream(unread).asLongStream().toArray();
            NDArray tokens = manager.create(ids, new Shape(1, ids.length));          // [1, T]
            NDArray logits = model.forward(tokens, cache).get(0, ids.length - 1);   // [V]
            return sampler.sample(logits.toFloatArray());
        }
    }

    /** Frees the KV cache; safe to call early (client went away) and twice. */
    @Override
    public synchronized void close() {
        finished = true;
        cache.close();
        manager.close();
    }
}
