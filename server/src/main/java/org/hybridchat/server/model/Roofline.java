package org.hybridchat.server.model;

import java.util.Arrays;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * What this machine's libtorch can compute, to judge the decoder against: matrix multiplies at the
 * shipped model's decoding shapes (its weights times the 16, 32 or 64 rows a decoding step
 * multiplies) and one large square, in GFLOP/s; and the model's FLOPs per generated token. Run by {@code bin/bench-server}, with the
 * server's thread settings (the same defaults, or the same -D options):
 *
 * <pre>java -cp ... org.hybridchat.server.model.Roofline</pre>
 *
 * The last line is for the benchmark to read: the FLOPs per token of the weights, those per
 * attended position, then the GFLOP/s of the decoding shapes at each of {@link #ROWS}, and of
 * the square.
 */
final class Roofline {
    private static final int SQUARE = 1024;
    private static final int REPEATS = 7;
    /** A step of up to 16, 32 or 64 replies multiplies this many rows: see {@link Gpt#ROWS_PER_MATMUL}. */
    private static final int[] ROWS = {16, 32, 64};

    private Roofline() {
    }

    public static void main(String[] args) {
        Gpt.Config config;
        // loading the model also applies the server's thread settings, before libtorch starts
        try (ServerModel model = ServerModel.loadShipped()) {
            config = model.gpt().config();
        }
        // a multiply-add per weight, and per block q.k and the weighted sum of v per attended position
        double weightFlops = 2.0 * matmulWeights(config);
        double positionFlops = 4.0 * config.layers() * config.dModel();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            double[] decode = new double[ROWS.length];
            for (int i = 0; i < ROWS.length; i++) {
                decode[i] = decodeShapes(manager, config, ROWS[i]);
            }
            double square = square(manager);
            System.out.printf(Locale.ROOT, "model: %d layers, d_model %d, vocabulary %d, %,d parameters%n",
                    config.layers(), config.dModel(), config.vocabSize(), config.parameterCount());
            System.out.printf(Locale.ROOT, "  FLOPs per token: %,.0f for its %,d weights multiplied, plus %,.0f per "
                    + "position attended to%n", weightFlops, matmulWeights(config), positionFlops);
            System.out.printf(Locale.ROOT, "GEMM roofline through libtorch (%s intra-op threads), median of %d:%n",
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), REPEATS);
            StringBuilder last = new StringBuilder(String.format(Locale.ROOT, "%.0f %.0f", weightFlops, positionFlops));
            for (int i = 0; i < ROWS.length; i++) {
                System.out.printf(Locale.ROOT, "  decoding shapes, %2d rows x the model's weights  %7.1f GFLOP/s%n",
                        ROWS[i], decode[i]);
                last.append(String.format(Locale.ROOT, " %.2f", decode[i]));
            }
            System.out.printf(Locale.ROOT, "  square %d x %d x %d                      %7.1f GFLOP/s%n",
                    SQUARE, SQUARE, SQUARE, square);
            System.out.println(last.append(String.format(Locale.ROOT, " %.2f", square)));
        }
    }

    /** Weights multiplied per token: four projections per block, and the output head. */
    private static long matmulWeights(Gpt.Config config) {
        long c = config.dModel();
        return config.layers() * 12 * c * c + (long) config.vocabSize() * c;
    }

    /** One decoding step's matrix multiplies, at this many rows, as the model issues them. */
    private static double decodeShapes(NDManager manager, Gpt.Config config, int rows) {
        int c = config.dModel();
        int[][] shapes = {{c, 3 * c}, {c, c}, {c, 4 * c}, {4 * c, c}, {c, config.vocabSize()}};
        NDArray[] inputs = new NDArray[shapes.length];
        NDArray[] weights = new NDArray[shapes.length];
        double flops = 0;
        for (int i = 0; i < shapes.length; i++) {
            inputs[i] = manager.randomNormal(new Shape(rows, 1, shapes[i][0]));
            weights[i] = manager.randomNormal(new Shape(shapes[i][1], shapes[i][0]));
            flops += 2.0 * rows * shapes[i][0] * shapes[i][1];
        }
        double seconds = medianSeconds(200, () -> {
            for (int i = 0; i < shapes.length; i++) {
                Linear.linear(inputs[i], weights[i]);
            }
        });
        return flops / seconds / 1e9;
    }

    private static double square(NDManager manager) {
        NDArray a = manager.randomNormal(new Shape(SQUARE, SQUARE));
        NDArray b = manager.randomNormal(new Shape(SQUARE, SQUARE));
        return 2.0 * SQUARE * SQUARE * SQUARE / medianSeconds(5, () -> a.matMul(b)) / 1e9;
    }

    /** The median time of one run, over {@link #REPEATS} batches of {@code runs} runs, after a warm-up. */
    private static double medianSeconds(int runs, Runnable work) {
        double[] seconds = new double[REPEATS + 1];
        for (int repeat = 0; repeat <= REPEATS; repeat++) {
            long start = System.nanoTime();
            for (int run = 0; run < runs; run++) {
                try (NDScope scope = new NDScope()) {
                    work.run();
                }
            }
            seconds[repeat] = (System.nanoTime() - start) / 1e9 / runs;
        }
        double[] measured = Arrays.copyOfRange(seconds, 1, seconds.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}
