package org.hybridchat.server.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The keys and values a {@link Gpt} caches: [rows, H, P, D] per block, allocated once, for up to
 * {@code rows} sequences decoded together. A sequence owns a row while it is generated. P is the context rounded up
 * to whole attention blocks. Positions past a row's own length hold stale values (of an earlier
 * sequence, or of an idle row) that the attention mask hides.
 */
final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final int rows;
    private final NDArray[] keys;
    private final NDArray[] values;

    KvCache(Gpt.Config config, int rows, NDManager parent) {
        this.manager = parent.newSubManager();
        this.rows = Gpt.roundUp(rows, Gpt.ROWS_PER_MATMUL);
        Shape shape = new Shape(this.rows, config.heads(), Gpt.roundUp(config.contextLength(), Gpt.ATTENTION_BLOCK),
                config.dModel() / config.heads());
        keys = new NDArray[config.layers()];
        values = new NDArray[config.layers()];
        for (int layer = 0; layer < keys.length; layer++) {
            // zeros, not garbage: a masked score is still q . k - 1e9, and NaN would survive that
            keys[layer] = manager.zeros(shape);
            values[layer] = manager.zeros(shape);
        }
    }

    /** How many sequences fit, counting the idle rows a batch is padded with. */
    int rows() {
        return rows;
    }

    /** Moves the sequence in row {@code from} to row {@code to}, so the rows in use stay 0..B-1. */
    void move(int from, int to) {
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer].set(new NDIndex("{}", to), keys[layer].get("{}", from));
            values[layer].set(new NDIndex("{}", to), values[layer].get("{}", from));
        }
    }

    /** A prompt's keys and values k, v [1, H, T, D] into positions 0..T-1 of a row. */
    void write(int layer, int row, NDArray k, NDArray v) {
        NDIndex prefix = new NDIndex("{}:{}, :, :{}", row, row + 1, k.getShape().get(2));
        keys[layer].set(prefix, k);
        values[layer].set(prefix, v);
    }

    /** One position per row: k, v [B, H, 1, D] into row[b], position[b]. */
    void write(int layer, NDArray row, NDArray position, NDArray k, NDArray v) {
        NDIndex at = new NDIndex("{}, :, {}", row, position);                     // selects [B, H, D]
        keys[layer].set(at, k.squeeze(2));
        values[layer].set(at, v.squeeze(2));
    }

    /** The first S positions of rows 0..B-1: a view [B, H, S, D], not a copy. */
    NDArray keys(int layer, int batch, int attended) {
        return keys[layer].get(":{}, :, :{}", batch, attended);
    }

    NDArray values(int layer, int batch, int attended) {
        return values[layer].get(":{}, :, :{}", batch, attended);
    }

    @Override
    public void close() {
        manager.close();
    }
}
