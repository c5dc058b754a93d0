package org.hybridchat.server.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The keys and values a {@link Gpt} caches: [2, rows, H, P, D] per block (keys, then values),
 * allocated once, for up to {@code rows} sequences decoded together. A sequence owns a row while it
 * is generated. P is the context rounded up to whole attention blocks. Positions past a row's own
 * length hold stale values (of an earlier sequence, or of an idle row) that the attention mask hides.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final int rows;
    private final NDArray[] cached;

    /** Made by {@link Gpt#newCache}, which knows how rows and positions are rounded. */
    KvCache(int layers, int rows, int heads, int positions, int headSize, NDManager parent) {
        this.manager = parent.newSubManager();
        this.rows = rows;
        Shape shape = new Shape(2, rows, heads, positions, headSize);
        cached = new NDArray[layers];
        for (int layer = 0; layer < cached.length; layer++) {
            // zeros, not garbage: a masked score is still q . k - 1e9, and NaN would survive that
            cached[layer] = manager.zeros(shape);
        }
    }

    /** How many sequences fit, counting the idle rows a batch is padded with. */
    int rows() {
        return rows;
    }

    /** Moves the sequence in row {@code from} to row {@code to}, so the rows in use stay 0..B-1. */
    public void move(int from, int to) {
        for (NDArray layer : cached) {
            layer.set(new NDIndex(":, {}", to), layer.get(":, {}", from));
        }
    }

    /** A prompt's keys and values k, v [1, H, T, D] into positions 0..T-1 of a row. */
    void write(int layer, int row, NDArray k, NDArray v) {
        long length = k.getShape().get(2);
        cached[layer].set(new NDIndex("0, {}:{}, :, :{}", row, row + 1, length), k);
        cached[layer].set(new NDIndex("1, {}:{}, :, :{}", row, row + 1, length), v);
    }

    /** One position per row, in one call: keys and values kv [B, 2, H, D] into row[b], position[b]. */
    void write(int layer, NDArray row, NDArray position, NDArray kv) {
        cached[layer].set(new NDIndex(":, {}, :, {}", row, position), kv);     // selects [B, 2, H, D]
    }

    /** The keys of the first S positions of rows 0..B-1: a view [B, H, S, D], not a copy. */
    public NDArray keys(int layer, int batch, int attended) {
        return cached[layer].get("0, :{}, :, :{}", batch, attended);
    }

    public NDArray values(int layer, int batch, int attended) {
        return cached[layer].get("1, :{}, :, :{}", batch, attended);
    }

    @Override
    public void close() {
        manager.close();
    }
}
