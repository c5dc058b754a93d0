package org.hybridchat.client.suggest;

import java.io.ByteArrayOutputStream;

/**
 * The browser's language model: a character-level multilayer perceptron over the last K characters,
 * as in Bengio et al. (2003) and karpathy/makemore. It is trained offline with DJL
 * ({@code jvmtraining.CharModelTrainer}); this class runs it, the same code on the JVM and, compiled by
 * TeaVM, in the page's Web Worker.
 *
 * <pre>
 *   context  the last K characters, as symbol ids              [K]
 *   x        embedding[context], the K rows one after another  [K*E]
 *   h        relu(W1 x + b1)                                   [H]
 *   logits   W2 h + b2                                         [V]
 * </pre>
 *
 * <p>Why a step is cheap: W1 x is the sum, over the K positions, of W1's columns for that position
 * times the embedding of the character there. There are only V characters, so every such product is
 * computed once, at load, into a table [K, V, H], and a step adds K of its rows. The relu then zeroes
 * about half of h, and those units' columns of W2 are skipped.
 *
 * <p>Why it computes the same bits everywhere: all arithmetic is in double, in a fixed order.
 * Double + - * / round the same in Java, JavaScript and Wasm; float would not, because TeaVM's JS
 * target evaluates float expressions in double. The weights are int8 times a float scale, exact in a
 * double. And {@link #exp} is written out, since Math.exp may differ in its last bit between the JVM
 * and a browser.
 *
 * <p>The file, big-endian:
 * <pre>
 *   "HCCM" 0x01                  magic, format version
 *   u8 K, u8 E, u16 H, u8 V      context length, embedding width, hidden width, alphabet size
 *   V bytes                      the alphabet, ASCII; the last symbol stands for every other character
 *   embedding [V, E], W1 [H, K*E], W2 [V, H]   per row: f32 scale, then int8 q (weight = q * scale)
 *   b1 [H], b2 [V]               f32
 * </pre>
 */
public final class CharModel {

    /** The model's dimensions: K, E, H, and V = the alphabet's size. */
    public record Shape(int context, int embedding, int hidden, Alphabet alphabet) {
        public int symbols() {
            return alphabet.size();
        }
    }

    private static final byte[] MAGIC = {'H', 'C', 'C', 'M', 1};
    // ln 2 in two parts, as fdlibm splits it: k * LN2_HIGH is exact for the k used here.
    private static final double LN2_HIGH = 6.93147180369123816490e-01;
    private static final double LN2_LOW = 1.90821492927058770002e-10;
    private static final double[] INVERSES = new double[14];        // 1/n, for exp's series
    private static final double[] NEGATIVE_POWERS_OF_TWO = new double[128];

    static {
        for (int n = 1; n < INVERSES.length; n++) {
            INVERSES[n] = 1.0 / n;
        }
        NEGATIVE_POWERS_OF_TWO[0] = 1;
        for (int k = 1; k < NEGATIVE_POWERS_OF_TWO.length; k++) {
            NEGATIVE_POWERS_OF_TWO[k] = NEGATIVE_POWERS_OF_TWO[k - 1] * 0.5;
        }
    }

    private final Shape shape;
    private final double[] table;            // [K, V, H]: W1[:, k*E..(k+1)*E] . embedding[v]
    private final double[] bias1;            // [H]
    private final double[] output;           // [H, V]: W2's int8 values, transposed
    private final double[] outputScale;      // [V]
    private final double[] bias2;            // [V]

    private CharModel(Shape shape, Rows embedding, Rows w1, double[] bias1, Rows w2, double[] bias2) {
        this.shape = shape;
        int k = shape.context();
        int e = shape.embedding();
        int h = shape.hidden();
        int v = shape.symbols();
        table = new double[k * v * h];
        for (int position = 0; position < k; position++) {
            for (int symbol = 0; symbol < v; symbol++) {
                for (int unit = 0; unit < h; unit++) {
                    int dot = 0; // int8 x int8 summed in int: exact
                    for (int i = 0; i < e; i++) {
                        dot += w1.q[unit * k * e + position * e + i] * embedding.q[symbol * e + i];
                    }
                    table[(position * v + symbol) * h + unit] = w1.scale[unit] * embedding.scale[symbol] * dot;
                }
            }
        }
        this.bias1 = bias1;
        output = new double[h * v];
        for (int unit = 0; unit < h; unit++) {
            for (int symbol = 0; symbol < v; symbol++) {
                output[unit * v + symbol] = w2.q[symbol * h + unit];
            }
        }
        outputScale = w2.scale;
        this.bias2 = bias2;
    }

    public Shape shape() {
        return shape;
    }

    /**
     * The logits [V] of the character after {@code context} [K symbol ids, oldest first].
     * {@code hidden} [H] is scratch space, passed in so that a keystroke allocates nothing.
     */
    public void logits(int[] context, double[] hidden, double[] logits) {
        int h = shape.hidden();
        int v = shape.symbols();
        System.arraycopy(bias1, 0, hidden, 0, h);
        for (int position = 0; position < context.length; position++) {
            int row = (position * v + context[position]) * h;
            for (int unit = 0; unit < h; unit++) {
                hidden[unit] += table[row + unit];
            }
        }
        for (int symbol = 0; symbol < v; symbol++) {
            logits[symbol] = 0;
        }
        for (int unit = 0; unit < h; unit++) {
            double activation = hidden[unit];
            if (activation <= 0) {
                continue; // relu: a unit that is off adds nothing
            }
            int row = unit * v;
            for (int symbol = 0; symbol < v; symbol++) {
                logits[symbol] += output[row + symbol] * activation;
            }
        }
        for (int symbol = 0; symbol < v; symbol++) {
            logits[symbol] = logits[symbol] * outputScale[symbol] + bias2[symbol];
        }
    }

    /**
     * e^x for x <= 0, from + - * / alone: e^x = 2^k e^r with r = x - k ln 2 in [-ln2/2, ln2/2], and
     * e^r by its Taylor series to r^13, which is within 1e-16 there.
     */
    static double exp(double x) {
        if (x < -80) {
            return 0; // below 2e-35: nothing beside the best symbol's e^0 = 1
        }
        int k = (int) Math.floor(x / (LN2_HIGH + LN2_LOW) + 0.5);
        double r = (x - k * LN2_HIGH) - k * LN2_LOW;
        double series = 1;
        for (int n = INVERSES.length - 1; n >= 1; n--) {
            series = 1 + r * INVERSES[n] * series;
        }
        return series * NEGATIVE_POWERS_OF_TWO[-k];
    }

    // ---- the file

    /** A matrix as stored: int8 values by row, one scale per row. */
    private record Rows(byte[] q, double[] scale) {}

    public static CharModel read(byte[] bytes) {
        Reader in = new Reader(bytes);
        for (byte b : MAGIC) {
            if (in.u8() != (b & 0xff)) {
                throw new IllegalArgumentException("not a character model (format HCCM 1)");
            }
        }
        int k = in.u8();
        int e = in.u8();
        int h = in.u16();
        int v = in.u8();
        StringBuilder symbols = new StringBuilder();
        for (int i = 0; i < v; i++) {
            symbols.append((char) in.u8());
        }
        Shape shape = new Shape(k, e, h, new Alphabet(symbols.toString()));
        if (k == 0 || e == 0 || h == 0) {
            throw new IllegalArgumentException("character model has an empty dimension: " + shape);
        }
        Rows embedding = in.rows(v, e);
        Rows w1 = in.rows(h, k * e);
        Rows w2 = in.rows(v, h);
        double[] bias1 = in.floats(h);
        double[] bias2 = in.floats(v);
        if (in.pos != bytes.length) {
            throw new IllegalArgumentException("character model has " + (bytes.length - in.pos) + " stray bytes");
        }
        return new CharModel(shape, embedding, w1, bias1, w2, bias2);
    }

    /**
     * The file for trained float weights (row-major, shapes as in the class comment), each matrix
     * quantized to int8 with one scale per row: the largest weight of a row becomes +-127.
     */
    public static byte[] write(Shape shape, float[] embedding, float[] w1, float[] bias1, float[] w2, float[] bias2) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(shape.context());
        out.write(shape.embedding());
        out.write(shape.hidden() >> 8);
        out.write(shape.hidden() & 0xff);
        out.write(shape.symbols());
        for (int i = 0; i < shape.symbols(); i++) {
            out.write(shape.alphabet().symbol(i));
        }
        writeRows(out, embedding, shape.symbols());
        writeRows(out, w1, shape.hidden());
        writeRows(out, w2, shape.symbols());
        writeFloats(out, bias1);
        writeFloats(out, bias2);
        return out.toByteArray();
    }

    private static void writeRows(ByteArrayOutputStream out, float[] matrix, int rows) {
        int columns = matrix.length / rows;
        for (int row = 0; row < rows; row++) {
            float max = 0;
            for (int i = 0; i < columns; i++) {
                max = Math.max(max, Math.abs(matrix[row * columns + i]));
            }
            float scale = max == 0 ? 1 : max / 127;
            writeFloats(out, new float[] {scale});
            for (int i = 0; i < columns; i++) {
                out.write(Math.round(matrix[row * columns + i] / scale));
            }
        }
    }

    private static void writeFloats(ByteArrayOutputStream out, float[] values) {
        for (float value : values) {
            int bits = Float.floatToIntBits(value);
            out.write(bits >>> 24);
            out.write(bits >>> 16);
            out.write(bits >>> 8);
            out.write(bits);
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int u8() {
            if (pos >= bytes.length) {
                throw new IllegalArgumentException("character model is truncated");
            }
            return bytes[pos++] & 0xff;
        }

        int u16() {
            return u8() << 8 | u8();
        }

        double f32() {
            return Float.intBitsToFloat(u16() << 16 | u16());
        }

        double[] floats(int n) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = f32();
            }
            return values;
        }

        Rows rows(int rows, int columns) {
            byte[] q = new byte[rows * columns];
            double[] scale = new double[rows];
            for (int row = 0; row < rows; row++) {
                scale[row] = f32();
                for (int i = 0; i < columns; i++) {
                    q[row * columns + i] = (byte) u8();
                }
            }
            return new Rows(q, scale);
        }
    }
}
