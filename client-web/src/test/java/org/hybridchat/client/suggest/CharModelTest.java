package org.hybridchat.client.suggest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The model file and the forward pass, against a plain dense computation of the same MLP. */
class CharModelTest {

    private static final CharModel.Shape SHAPE = new CharModel.Shape(4, 3, 8, new Alphabet(" abc~"));
    private static final Random RANDOM = new Random(7);
    private static final float[] EMBEDDING = gaussians(5 * 3);
    private static final float[] W1 = gaussians(8 * 4 * 3);
    private static final float[] B1 = gaussians(8);
    private static final float[] W2 = gaussians(5 * 8);
    private static final float[] B2 = gaussians(5);
    private static final byte[] FILE = CharModel.write(SHAPE, EMBEDDING, W1, B1, W2, B2);

    @Test
    void the_int8_model_computes_what_the_float_weights_do_within_the_quantization_error() {
        CharModel model = CharModel.read(FILE);
        int[] context = {0, 1, 2, 3};
        double[] logits = new double[5];
        model.logits(context, new double[8], logits);

        double[] expected = dense(context);
        for (int v = 0; v < 5; v++) {
            assertEquals(expected[v], logits[v], 0.05 * (1 + Math.abs(expected[v])), "logit " + v);
        }
    }

    @Test
    void the_file_holds_one_byte_per_weight_plus_a_scale_per_row() {
        int header = 5 + 5 + 5;
        int matrices = 5 * (4 + 3) + 8 * (4 + 12) + 5 * (4 + 8);
        int biases = 4 * (8 + 5);
        assertEquals(header + matrices + biases, FILE.length);
        assertEquals(SHAPE, CharModel.read(FILE).shape());
    }

    @Test
    void writing_what_was_read_gives_the_same_logits() {
        CharModel model = CharModel.read(FILE);
        double[] first = new double[5];
        double[] second = new double[5];
        model.logits(new int[] {3, 3, 0, 1}, new double[8], first);
        CharModel.read(FILE.clone()).logits(new int[] {3, 3, 0, 1}, new double[8], second);
        assertArrayEquals(first, second);
    }

    @Test
    void a_damaged_file_is_refused_with_a_clear_message() {
        var truncated = assertThrows(IllegalArgumentException.class,
                () -> CharModel.read(Arrays.copyOf(FILE, FILE.length - 1)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        var longer = assertThrows(IllegalArgumentException.class,
                () -> CharModel.read(Arrays.copyOf(FILE, FILE.length + 2)));
        assertTrue(longer.getMessage().contains("2 stray bytes"), longer.getMessage());
        var foreign = assertThrows(IllegalArgumentException.class, () -> CharModel.read("GIF89a".getBytes()));
        assertTrue(foreign.getMessage().contains("not a character model"), foreign.getMessage());
    }

    @Test
    void its_exp_agrees_with_math_exp_to_the_last_bits() {
        for (double x = -80; x <= 0; x += 0.0173) {
            assertEquals(Math.exp(x), CharModel.exp(x), 4e-16 * Math.exp(x), "exp(" + x + ")");
        }
        assertEquals(1.0, CharModel.exp(0));
        assertEquals(0.0, CharModel.exp(-81));
    }

    /** The MLP of CharModel's class comment, written as plainly as possible, in float weights. */
    private static double[] dense(int[] context) {
        int k = 4;
        int e = 3;
        int h = 8;
        double[] x = new double[k * e];
        for (int position = 0; position < k; position++) {
            for (int i = 0; i < e; i++) {
                x[position * e + i] = EMBEDDING[context[position] * e + i];
            }
        }
        double[] hidden = new double[h];
        for (int unit = 0; unit < h; unit++) {
            double sum = B1[unit];
            for (int i = 0; i < k * e; i++) {
                sum += W1[unit * k * e + i] * x[i];
            }
            hidden[unit] = Math.max(0, sum);
        }
        double[] logits = new double[5];
        for (int v = 0; v < 5; v++) {
            double sum = B2[v];
            for (int unit = 0; unit < h; unit++) {
                sum += W2[v * h + unit] * hidden[unit];
            }
            logits[v] = sum;
        }
        return logits;
    }

    private static float[] gaussians(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) RANDOM.nextGaussian();
        }
        return values;
    }
}
