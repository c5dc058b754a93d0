package org.hybridchat.server.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * A GPT-2 style decoder written with DJL NDArray ops, after karpathy/nanoGPT's model.py: token and
 * learned position embeddings, pre-norm blocks (LayerNorm, causal multi-head self-attention, GELU
 * MLP), a final LayerNorm, and an output head tied to the token embedding.
 *
 * <p>Three passes share the blocks: {@link #forward} reads whole windows (training),
 * {@link #prefill} reads a prompt into a row of a {@link KvCache}, and {@link #decode} advances
 * every row of a batch by one token, attending to the keys and values cached for earlier positions.
 *
 * <p>Shapes: B batch, T positions fed now, S positions attended to (cached + new), C model width,
 * H heads, D = C / H head width, V vocabulary. Weight matrices are [out, in], as
 * {@link Linear#linear} and PyTorch's nn.Linear expect.
 */
public final class Gpt {
    private static final float INIT_STD = 0.02f;
    private static final float NORM_EPSILON = 1e-5f;
    /** Added to the scores of future positions: exp() of it is 0, and unlike -inf 0 * it is not NaN. */
    private static final float MASKED = -1e9f;
    /**
     * A decoding step multiplies matrices of a multiple of this many rows. PyTorch's CPU GEMM picks
     * its kernel by shape, and kernels sum in different orders: measured here, a row's result
     * changes in the last bits between 1, 8 and 16 rows; from 16 rows on, one multiply of 16k rows
     * gives each row the same bits as k multiplies of 16 (at the shipped model's shapes, with one
     * or two threads, up to 128 rows; with two threads and an inner width of 1,536 or more, no
     * longer from 64 rows). GptTest checks it on the shipped model.
     */
    static final int ROWS_PER_MATMUL = 16;
    /** A decoding step attends to a multiple of this many positions; see {@link #decode}. */
    public static final int ATTENTION_BLOCK = 32;

    public record Config(int vocabSize, int contextLength, int layers, int heads, int dModel) {
        public Config {
            if (vocabSize < 1 || contextLength < 1 || layers < 1 || heads < 1 || dModel % heads != 0) {
                throw new IllegalArgumentException("not a valid GPT configuration: " + this);
            }
        }

        /** Every parameter's name and shape, in the order the weights file stores them. */
        Map<String, Shape> parameterShapes() {
            int c = dModel;
            Map<String, Shape> shapes = new LinkedHashMap<>();
            shapes.put("token_embedding", new Shape(vocabSize, c));
            shapes.put("position_embedding", new Shape(contextLength, c));
            for (int i = 0; i < layers; i++) {
                String block = "blocks." + i + ".";
                shapes.put(block + "norm1.gain", new Shape(c));
                shapes.put(block + "norm1.bias", new Shape(c));
                shapes.put(block + "attention.qkv.weight", new Shape(3 * c, c));
                shapes.put(block + "attention.qkv.bias", new Shape(3 * c));
                shapes.put(block + "attention.out.weight", new Shape(c, c));
                shapes.put(block + "attention.out.bias", new Shape(c));
                shapes.put(block + "norm2.gain", new Shape(c));
                shapes.put(block + "norm2.bias", new Shape(c));
                shapes.put(block + "mlp.up.weight", new Shape(4 * c, c));
                shapes.put(block + "mlp.up.bias", new Shape(4 * c));
                shapes.put(block + "mlp.down.weight", new Shape(c, 4 * c));
                shapes.put(block + "mlp.down.bias", new Shape(c));
            }
            shapes.put("final_norm.gain", new Shape(c));
            shapes.put("final_norm.bias", new Shape(c));
            return shapes;
        }

        public long parameterCount() {
            return parameterShapes().values().stream().mapToLong(Shape::size).sum();
        }
    }

    private record Block(NDArray norm1Gain, NDArray norm1Bias, NDArray qkvWeight, NDArray qkvBias,
                         NDArray outWeight, NDArray outBias, NDArray norm2Gain, NDArray norm2Bias,
                         NDArray upWeight, NDArray upBias, NDArray downWeight, NDArray downBias) {
    }

    private final Config config;
    private final List<NDArray> parameters;
    private final NDArray tokenEmbedding;    // [V, C], also the output head
    private final NDArray positionEmbedding; // [contextLength, C]
    private final List<Block> blocks = new ArrayList<>();
    private final NDArray finalNormGain;     // [C]
    private final NDArray finalNormBias;     // [C]

    /** A model over these parameters, in {@link Config#parameterShapes()} order. */
    Gpt(Config config, List<NDArray> parameters) {
        List<Shape> expected = List.copyOf(config.parameterShapes().values());
        List<Shape> actual = parameters.stream().map(NDArray::getShape).toList();
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException("parameter shapes " + actual + " do not fit " + config);
        }
        this.config = config;
        this.parameters = List.copyOf(parameters);
        Iterator<NDArray> p = parameters.iterator();
        tokenEmbedding = p.next();
        positionEmbedding = p.next();
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(new Block(p.next(), p.next(), p.next(), p.next(), p.next(), p.next(),
                    p.next(), p.next(), p.next(), p.next(), p.next(), p.next()));
        }
        finalNormGain = p.next();
        finalNormBias = p.next();
    }

    /**
     * Fresh weights as GPT-2 initialises them: N(0, 0.02), with the projections that write into
     * the residual stream scaled down by sqrt(2 * layers) so its variance does not grow with depth.
     */
    public static Gpt initialize(Config config, NDManager manager, long seed) {
        Rng rng = new Rng(seed);
        float residualStd = INIT_STD / (float) Math.sqrt(2.0 * config.layers());
        List<NDArray> parameters = new ArrayList<>();
        config.parameterShapes().forEach((name, shape) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            if (name.endsWith(".gain")) {
                Arrays.fill(values, 1f);
            } else if (!name.endsWith(".bias")) {
                float std = name.endsWith("out.weight") || name.endsWith("down.weight") ? residualStd : INIT_STD;
                for (int i = 0; i < values.length; i++) {
                    values[i] = std * rng.nextGaussian();
                }
            }
            parameters.add(manager.create(values, shape));
        });
        return new Gpt(config, parameters);
    }

    public Config config() {
        return config;
    }

    public List<NDArray> parameters() {
        return parameters;
    }

    /**
     * Mean cross-entropy (nats) of predicting the next tokens of sequences [B, T + 1] where
     * {@code counted} [B, T] is 1: the tokens the model is taught to write, not padding or the
     * parts of a prompt that others write.
     */
    public NDArray loss(NDArray sequences, NDArray counted) {
        long t = sequences.getShape().get(1) - 1;
        NDArray inputs = sequences.get(":, :{}", t);                                     // [B, T]
        NDArray targets = sequences.get(":, 1:").expandDims(-1);                         // [B, T, 1]
        NDArray logProbabilities = forward(inputs).logSoftmax(-1);                       // [B, T, V]
        NDArray picked = logProbabilities.gather(targets, -1).squeeze(-1);               // [B, T]
        return picked.mul(counted).sum().div(counted.sum()).neg();
    }

    /** Logits [B, T, V] for the next token after each of the tokens [B, T] (int64), from position 0. */
    NDArray forward(NDArray tokens) {
        NDManager manager = tokens.getManager();
        int length = checkedLength(tokens);
        NDArray x = embed(tokens, new NDIndex(":{}", length));                        // [B, T, C]
        NDArray mask = causalMask(manager, length);                                   // [T, T]
        return head(throughBlocks(x, (layer, qkv) -> {
            NDList heads = heads(qkv);                                                // 3 x [B, H, T, D]
            return channels(attend(heads.get(0), heads.get(1), heads.get(2), mask));
        }));                                                                          // [B, T, V]
    }

    /** A cache for up to {@code rows} sequences: rows padded to {@link #ROWS_PER_MATMUL}, positions to {@link #ATTENTION_BLOCK}. */
    public KvCache newCache(int rows, NDManager parent) {
        return new KvCache(config.layers(), roundUp(rows, ROWS_PER_MATMUL), config.heads(),
                roundUp(config.contextLength(), ATTENTION_BLOCK), config.dModel() / config.heads(), parent);
    }

    /**
     * {@link #forward} for a prompt [1, T] that also leaves its keys and values in row {@code row} of
     * the cache, positions 0..T-1. Returns the logits [V] for the token after the prompt.
     */
    public NDArray prefill(NDArray prompt, KvCache cache, int row) {
        NDManager manager = prompt.getManager();
        int length = checkedLength(prompt);
        NDArray x = embed(prompt, new NDIndex(":{}", length));                        // [1, T, C]
        NDArray mask = causalMask(manager, length);                                   // [T, T]
        NDArray y = throughBlocks(x, (layer, qkv) -> {
            NDList heads = heads(qkv);                                                // 3 x [1, H, T, D]
            cache.write(layer, row, heads.get(1), heads.get(2));
            return channels(attend(heads.get(0), heads.get(1), heads.get(2), mask));
        });                                                                           // [1, T, C]
        return head(y.get(0, length - 1));                                            // [V], only the token sampled
    }

    /**
     * One decoding step of a batch: cache row b holds the first {@code positions[b]} positions of a
     * sequence whose next token is {@code tokens[b]}. Reads each token at its position, caches its
     * keys and values, and returns the logits [B, V] for the tokens after them.
     *
     * <p>With {@code batchInvariant}, a row's logits are the same to the last bit whatever else is in
     * the batch, so a seeded request samples the same reply alone or batched. Two things would
     * otherwise break that: a matrix multiply's rounding depends on its row count (see
     * {@link #ROWS_PER_MATMUL}), and a sum over S positions rounds differently for some S. So the
     * matrix multiplies get R rows, the batch padded with idle rows to a multiple of
     * {@link #ROWS_PER_MATMUL}; and every row attends to S = the longest row's positions rounded up
     * to a multiple of {@link #ATTENTION_BLOCK}, its own later ones masked: their weights are exactly
     * 0, and whole blocks of zeros leave the sums' rounding alone. Only the B real rows attend, as
     * attention reads each row's own cache. A lone row pays for that with 16 rows of multiplies.
     *
     * <p>Without it, a step computes only the rows it has (R = B) over only the positions they have
     * (S = the longest row's, with no mask when every row is at the same position): a row's logits
     * may then differ in their last bits with the batch around it, but the same batch gives the same
     * bits every time, so a lone seeded reply is still the same reply run to run.
     *
     * <p>Besides the matrix multiplies, a step pays some microseconds for every PyTorch call, so the
     * keys and values go into the cache with one call per block; and attention reads the whole cache
     * up to S, which at 32 rows takes longer than all the GEMMs (see bench/roofline/Roofline.java).
     */
    public NDArray decode(NDManager manager, int[] tokens, int[] positions, KvCache cache, boolean batchInvariant) {
        int batch = tokens.length;                                                              // B
        int rows = batchInvariant ? roundUp(batch, ROWS_PER_MATMUL) : batch;                    // R
        if (roundUp(batch, ROWS_PER_MATMUL) > cache.rows()) {
            throw new IllegalArgumentException(batch + " sequences do not fit a cache of " + cache.rows() + " rows");
        }
        long[] ids = new long[rows];     // idle rows read token 0 at position 0; their results are dropped
        long[] at = new long[rows];
        int longest = 0;
        int shortest = Integer.MAX_VALUE;
        for (int b = 0; b < batch; b++) {
            if (positions[b] >= config.contextLength()) {
                throw new IllegalArgumentException("position " + positions[b] + " is past the context of "
                        + config.contextLength());
            }
            ids[b] = tokens[b];
            at[b] = positions[b];
            longest = Math.max(longest, positions[b] + 1);
            shortest = Math.min(shortest, positions[b] + 1);
        }
        int attended = batchInvariant ? roundUp(longest, ATTENTION_BLOCK) : longest;             // S
        // rows as the matrices' rows, [R, C], not [R, 1, C]: a 2-D linear is one addmm in libtorch,
        // a 3-D one a transpose, a matmul and an add
        NDArray rowPositions = manager.create(at);                                              // [R]
        NDArray x = embed(manager.create(ids), new NDIndex("{}", rowPositions));                // [R, C]
        NDArray row = manager.create(LongStream.range(0, batch).toArray());                    // [B]
        NDArray position = rows == batch ? rowPositions : rowPositions.get("0:{}", batch);     // [B]
        // every position up to S is visible to every row when all are at the last one: no mask
        NDArray mask = shortest == attended ? null
                : visiblePositions(manager, Arrays.copyOf(at, batch), attended);               // [B, 1, 1, S]
        int h = config.heads();
        int d = config.dModel() / h;
        NDArray idle = rows == batch ? null : manager.zeros(new Shape(rows - batch, config.dModel()));
        NDArray logits = head(throughBlocks(x, (layer, qkv) -> {
            NDArray heads = qkv.reshape(rows, 3, h, d);                                       // [R, 3, H, D]
            cache.write(layer, row, position, heads.get(":{}, 1:", batch));                    // [B, 2, H, D]
            NDArray q = heads.get(":{}, 0", batch).reshape(batch, h, 1, d);                    // [B, H, 1, D]
            // [B, H, 1, D] is laid out as [B, C]: one position, the heads side by side
            NDArray y = attend(q, cache.keys(layer, batch, attended),
                    cache.values(layer, batch, attended), mask).reshape(batch, config.dModel()); // [B, C]
            return idle == null ? y : y.concat(idle);                                          // [R, C]
        }));                                                                                   // [R, V]
        return rows == batch ? logits : logits.get("0:{}", batch);                             // [B, V]
    }

    private int checkedLength(NDArray tokens) {
        int length = Math.toIntExact(tokens.getShape().get(1));
        if (length > config.contextLength()) {
            throw new IllegalArgumentException(length + " positions exceed the context of " + config.contextLength());
        }
        return length;
    }

    /** Embeddings of tokens [B, T] plus those of the positions the index picks, [T, C] or [B, T, C]. */
    private NDArray embed(NDArray tokens, NDIndex positions) {
        NDManager manager = tokens.getManager();
        return tokenEmbedding.get(manager, new NDIndex("{}", tokens)).add(positionEmbedding.get(manager, positions));
    }

    /** A block's attention, from the queries, keys and values side by side, qkv [B, T, 3C], to y [B, T, C]. */
    private interface Attention {
        NDArray apply(int layer, NDArray qkv);
    }

    /** The blocks over embedded tokens x [B, T, C]: the residual stream after them, [B, T, C]. */
    private NDArray throughBlocks(NDArray x, Attention attention) {
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            NDArray h = norm(x, block.norm1Gain(), block.norm1Bias());
            NDArray y = attention.apply(i, linear(h, block.qkvWeight(), block.qkvBias()));   // [B, T, C]
            x = x.add(linear(y, block.outWeight(), block.outBias()));
            h = norm(x, block.norm2Gain(), block.norm2Bias());
            NDArray hidden = Activation.gelu(linear(h, block.upWeight(), block.upBias()));  // [B, T, 4C]
            x = x.add(linear(hidden, block.downWeight(), block.downBias()));
        }
        return x;
    }

    /** The final norm and the output head: the residual stream [..., C] to logits [..., V]. */
    private NDArray head(NDArray x) {
        return linear(norm(x, finalNormGain, finalNormBias), tokenEmbedding, null);
    }

    /**
     * Causal self-attention of q [B, H, T, D] over k, v [B, H, S, D], mask [T, S] or [B, 1, 1, S] (null: all visible).
     * In decoding it reads every cached key and value once per step: memory-bound, unlike the GEMMs.
     */
    private NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask) {
        float scale = (float) (1.0 / Math.sqrt(config.dModel() / config.heads()));
        NDArray scores = q.mul(scale).matMul(k.transpose(0, 1, 3, 2));               // [B, H, T, S]
        return (mask == null ? scores : scores.add(mask)).softmax(-1).matMul(v);                                          // [B, H, T, D]
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).head();
    }

    /** qkv [B, T, 3C] -> q, k, v [B, H, T, D]: each head attends on its own slice of the channels. */
    private NDList heads(NDArray qkv) {
        Shape shape = qkv.getShape();
        NDList heads = new NDList();
        for (NDArray x : qkv.split(3, 2)) {
            heads.add(x.reshape(shape.get(0), shape.get(1), config.heads(), config.dModel() / config.heads())
                    .transpose(0, 2, 1, 3));
        }
        return heads;
    }

    /** [B, H, T, D] -> [B, T, C]: the heads side by side again. */
    private NDArray channels(NDArray y) {
        Shape shape = y.getShape();
        return y.transpose(0, 2, 1, 3).reshape(shape.get(0), shape.get(2), config.dModel());
    }

    private NDArray norm(NDArray x, NDArray gain, NDArray bias) {
        return LayerNorm.layerNorm(x, new Shape(config.dModel()), gain, bias, NORM_EPSILON).head();
    }

    /** [T, T]: 0 where query position t may see key position s (s <= t), else MASKED. */
    private static NDArray causalMask(NDManager manager, int length) {
        NDArray queries = manager.arange(length).reshape(length, 1);                  // [T, 1]
        NDArray keys = manager.arange(length).reshape(1, length);                     // [1, T]
        return keys.gt(queries).toType(DataType.FLOAT32, false).mul(MASKED);
    }

    /** [B, 1, 1, S]: 0 where row b may see position s (s <= positions[b]), else MASKED. */
    private static NDArray visiblePositions(NDManager manager, long[] positions, int attended) {
        float[] mask = new float[positions.length * attended];
        for (int b = 0; b < positions.length; b++) {
            Arrays.fill(mask, b * attended + (int) positions[b] + 1, (b + 1) * attended, MASKED);
        }
        return manager.create(mask, new Shape(positions.length, 1, 1, attended));
    }

    public static int roundUp(long value, int multiple) {
        return Math.toIntExact((value + multiple - 1) / multiple * multiple);
    }
}
