package org.hybridchat.server.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
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
 * <p>One {@link #forward} serves training (a whole window at once) and generation (the prompt,
 * then one token per step, reusing the keys and values cached for earlier positions).
 *
 * <p>Shapes: B batch, T positions fed now, S positions attended to (cached + new), C model width,
 * H heads, D = C / H head width, V vocabulary. Weight matrices are [out, in], as
 * {@link Linear#linear} and PyTorch's nn.Linear expect.
 */
final class Gpt {
    private static final float INIT_STD = 0.02f;
    private static final float NORM_EPSILON = 1e-5f;
    /** Added to the scores of future positions: exp() of it is 0, and unlike -inf 0 * it is not NaN. */
    private static final float MASKED = -1e9f;

    record Config(int vocabSize, int contextLength, int layers, int heads, int dModel) {
        Config {
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

        long parameterCount() {
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
    static Gpt initialize(Config config, NDManager manager, long seed) {
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

    Config config() {
        return config;
    }

    List<NDArray> parameters() {
        return parameters;
    }

    /** Mean cross-entropy (nats) of predicting each next token of windows [B, T + 1]. */
    NDArray loss(NDArray windows) {
        long t = windows.getShape().get(1) - 1;
        NDArray inputs = windows.get(":, :{}", t);                 // [B, T]
        NDArray targets = windows.get(":, 1:").expandDims(-1);     // [B, T, 1]
        NDArray logProbabilities = forward(inputs, null).logSoftmax(-1); // [B, T, V]
        return logProbabilities.gather(targets, -1).mean().neg();
    }

    /**
     * Logits [B, T, V] for the next token after each of the tokens [B, T] (int64). With a cache the
     * tokens continue the cached positions, and their keys and values are appended to it.
     */
    NDArray forward(NDArray tokens, KvCache cache) {
        NDManager manager = tokens.getManager();
        int length = Math.toIntExact(tokens.getShape().get(1));
        int start = cache == null ? 0 : cache.length();
        if (start + length > config.contextLength()) {
            throw new IllegalArgumentException("positions " + start + ".." + (start + length)
                    + " exceed the context of " + config.contextLength());
        }
        NDArray x = tokenEmbedding.get(manager, new NDIndex("{}", tokens))                    // [B, T, C]
                .add(positionEmbedding.get(manager, new NDIndex("{}:{}", start, start + length))); // + [T, C]
        NDArray mask = length == 1 ? null : causalMask(manager, start, length);             // [T, S]
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            x = x.add(attention(block, norm(x, block.norm1Gain(), block.norm1Bias()), mask, cache, i));
            x = x.add(mlp(block, norm(x, block.norm2Gain(), block.norm2Bias())));
        }
        return Linear.linear(norm(x, finalNormGain, finalNormBias), tokenEmbedding).head(); // [B, T, V]
    }

    private NDArray attention(Block block, NDArray x, NDArray mask, KvCache cache, int layer) {
        Shape shape = x.getShape();                                                   // [B, T, C]
        NDList qkv = Linear.linear(x, block.qkvWeight(), block.qkvBias()).head().split(3, 2);
        NDArray q = heads(qkv.get(0));                                                // [B, H, T, D]
        NDArray k = heads(qkv.get(1));
        NDArray v = heads(qkv.get(2));
        if (cache != null) {
            k = cache.extendKeys(layer, k);                                           // [B, H, S, D]
            v = cache.extendValues(layer, v);
        }
        float scale = (float) (1.0 / Math.sqrt(config.dModel() / config.heads()));
        NDArray scores = q.mul(scale).matMul(k.transpose(0, 1, 3, 2));               // [B, H, T, S]
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray y = scores.softmax(-1).matMul(v)                                      // [B, H, T, D]
                .transpose(0, 2, 1, 3).reshape(shape);                                 // [B, T, C]
        return Linear.linear(y, block.outWeight(), block.outBias()).head();
    }

    private static NDArray mlp(Block block, NDArray x) {
        NDArray hidden = Activation.gelu(Linear.linear(x, block.upWeight(), block.upBias()).head()); // [B, T, 4C]
        return Linear.linear(hidden, block.downWeight(), block.downBias()).head();                 // [B, T, C]
    }

    /** [B, T, C] -> [B, H, T, D]: each head attends on its own slice of the channels. */
    private NDArray heads(NDArray x) {
        Shape shape = x.getShape();
        return x.reshape(shape.get(0), shape.get(1), config.heads(), config.dModel() / config.heads())
                .transpose(0, 2, 1, 3);
    }

    private NDArray norm(NDArray x, NDArray gain, NDArray bias) {
        return LayerNorm.layerNorm(x, new Shape(config.dModel()), gain, bias, NORM_EPSILON).head();
    }

    /** [T, S]: 0 where query position start + t may see key position s (s <= start + t), else MASKED. */
    private static NDArray causalMask(NDManager manager, int start, int length) {
        NDArray queries = manager.arange(start, start + length).reshape(length, 1);       // [T, 1]
        NDArray keys = manager.arange(start + length).reshape(1, start + length);         // [1, S]
        return keys.gt(queries).toType(DataType.FLOAT32, false).mul(MASKED);
    }

    /** Keys and values [B, H, S, D] of the positions already fed, per block. */
    static final class KvCache implements AutoCloseable {
        private final NDArray[] keys;
        private final NDArray[] values;

        KvCache(Config config) {
            keys = new NDArray[config.layers()];
            values = new NDArray[config.layers()];
        }

        int length() {
            return keys[0] == null ? 0 : Math.toIntExact(keys[0].getShape().get(2));
        }

        private NDArray extendKeys(int layer, NDArray added) {
            return keys[layer] = extend(keys[layer], added);
        }

        private NDArray extendValues(int layer, NDArray added) {
            return values[layer] = extend(values[layer], added);
        }

        /** The cached entries followed by the new ones; kept alive past the step's NDScope. */
        private static NDArray extend(NDArray cached, NDArray added) {
            NDArray all = cached == null ? added : cached.concat(added, 2);
            NDScope.unregister(all);
            if (cached != null) {
                cached.close();
            }
            return all;
        }

        @Override
        public void close() {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null) {
                    keys[i].close();
                    values[i].close();
                }
                keys[i] = values[i] = null;
            }
        }
    }
}
