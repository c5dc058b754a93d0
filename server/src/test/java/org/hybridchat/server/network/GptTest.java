package org.hybridchat.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hybridchat.server.training.TinyModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GptTest {
    private static final Gpt.Config TINY = TinyModels.CONFIG;
    private static final float TOLERANCE = 1e-4f;
    private static final long[][] SEQUENCES = {
            {256, 'w', 'h', 'a', 't', '?', 258, 257},
            {'a', 'b', 'c'},
            {256, 'd', 'e', 'f', 'i', 'n', 'e', ' ', 'k', 'e', 'r', 'n', 'e', 'l', 258, 257, 'T', 'h', 'e'},
            {'x'}};

    @RegisterExtension
    final PyTorchManager pytorch = new PyTorchManager();
    private NDManager manager;
    private Gpt model;

    @BeforeEach
    void createModel() {
        manager = pytorch.get();
        model = Gpt.initialize(TINY, manager, 7);
    }

    @Test
    void the_parameter_count_is_that_of_gpt2_at_this_size() {
        int c = TINY.dModel();
        long perBlock = 12L * c * c + 13L * c;
        assertThat(TINY.parameterCount())
                .isEqualTo((TINY.vocabSize() + TINY.contextLength()) * c + TINY.layers() * perBlock + 2L * c);
    }

    @ParameterizedTest(name = "batch-invariant: {0}")
    @ValueSource(booleans = {true, false})
    void a_prefill_then_decoding_token_by_token_gives_the_logits_of_a_full_forward_pass(boolean batchInvariant) {
        long[] ids = SEQUENCES[0];
        NDArray full = model.forward(tokens(ids));                                   // [1, 8, V]

        try (KvCache cache = model.newCache(1, manager)) {
            NDArray prefill = model.prefill(tokens(slice(ids, 0, 5)), cache, 0);      // [V]
            assertThat(prefill.toFloatArray()).usingComparatorWithPrecision(TOLERANCE)
                    .containsExactly(full.get(0, 4).toFloatArray());
            for (int position = 5; position < ids.length; position++) {
                NDArray step = model.decode(manager, new int[] {(int) ids[position]}, new int[] {position}, cache,
                        batchInvariant);
                assertThat(step.toFloatArray()).usingComparatorWithPrecision(TOLERANCE)
                        .containsExactly(full.get(0, position).toFloatArray());
            }
        }
    }

    @ParameterizedTest(name = "batch-invariant: {0}")
    @ValueSource(booleans = {true, false})
    void a_batch_of_sequences_of_different_lengths_decodes_each_as_a_full_forward_pass_would(boolean batchInvariant) {
        try (KvCache cache = model.newCache(SEQUENCES.length, manager)) {
            int[] last = new int[SEQUENCES.length];
            int[] positions = new int[SEQUENCES.length];
            for (int row = 0; row < SEQUENCES.length; row++) {
                long[] ids = SEQUENCES[row];
                positions[row] = ids.length - 1;
                last[row] = (int) ids[ids.length - 1];
                if (ids.length > 1) {
                    model.prefill(tokens(slice(ids, 0, ids.length - 1)), cache, row);
                }
            }

            NDArray logits = model.decode(manager, last, positions, cache, batchInvariant); // [4, V]

            for (int row = 0; row < SEQUENCES.length; row++) {
                long[] ids = SEQUENCES[row];
                assertThat(logits.get(row).toFloatArray()).as("row %d", row).usingComparatorWithPrecision(TOLERANCE)
                        .containsExactly(model.forward(tokens(ids)).get(0, ids.length - 1).toFloatArray());
            }
        }
    }

    @Test
    void a_decoding_row_gets_the_same_logits_to_the_last_bit_whatever_else_is_in_the_batch() {
        // a longer context than TINY's, so that the batches attend to different numbers of positions
        Gpt.Config config = new Gpt.Config(TINY.vocabSize(), 4 * Gpt.ATTENTION_BLOCK, 2, 2, 32);
        assertRowZeroDecodesTheSameInEveryBatch(Gpt.initialize(config, manager, 3), 2 * Gpt.ROWS_PER_MATMUL + 3);
    }

    @Test
    void so_does_a_row_of_the_shipped_model_in_batches_of_up_to_64() {
        // at its shapes, one matrix multiply of 32, 48 or 64 rows must round each row as one of 16 rows does
        try (ServerModel shipped = ServerModel.loadShipped()) {
            assertRowZeroDecodesTheSameInEveryBatch(shipped.gpt(), 64);
        }
    }

    /** Prefills rows of different lengths, then decodes row 0 alone and in batches of 2..rows, batch-invariant. */
    private void assertRowZeroDecodesTheSameInEveryBatch(Gpt gpt, int rows) {
        Gpt.Config config = gpt.config();
        try (KvCache cache = gpt.newCache(rows, manager)) {
            int[] next = new int[rows];
            int[] positions = new int[rows];
            for (int row = 0; row < rows; row++) {
                long[] prompt = new long[1 + row * (config.contextLength() - 2) / rows];
                Arrays.setAll(prompt, i -> 'a' + i % 26);
                gpt.prefill(tokens(prompt), cache, row);
                next[row] = 'A' + row;
                positions[row] = prompt.length;
            }
            float[] alone = gpt.decode(manager, new int[] {next[0]}, new int[] {positions[0]}, cache, true).toFloatArray();

            for (int batch = 2; batch <= rows; batch++) {
                NDArray logits = gpt.decode(manager, Arrays.copyOf(next, batch), Arrays.copyOf(positions, batch), cache,
                        true);
                // bit for bit: equality of floats, not closeness
                assertThat(logits.get(0).toFloatArray()).as("row 0 in a batch of %d", batch).isEqualTo(alone);
            }
        }
    }

    @Test
    void a_sequence_moved_to_another_row_decodes_as_before() {
        try (KvCache cache = model.newCache(3, manager)) {
            model.prefill(tokens(SEQUENCES[2]), cache, 2);
            float[] before = model.decode(manager, new int[] {1, 1, 'x'}, new int[] {0, 0, SEQUENCES[2].length}, cache,
                    true).get(2).toFloatArray();

            cache.move(2, 0);

            assertThat(model.decode(manager, new int[] {'x'}, new int[] {SEQUENCES[2].length}, cache, true).get(0)
                    .toFloatArray()).isEqualTo(before);
        }
    }

    @Test
    void without_batch_invariance_a_lone_row_decodes_to_the_same_bits_every_time_and_close_to_the_padded_step() {
        try (ServerModel shipped = ServerModel.loadShipped(); KvCache cache = shipped.gpt().newCache(1, manager)) {
            Gpt gpt = shipped.gpt();
            long[] prompt = {256, 'w', 'h', 'a', 't', ' ', 'i', 's', '?', 258, 257};
            gpt.prefill(tokens(prompt), cache, 0);
            int[] position = {prompt.length};
            float[] first = gpt.decode(manager, new int[] {'T'}, position, cache, false).toFloatArray();

            for (int again = 0; again < 3; again++) {
                assertThat(gpt.decode(manager, new int[] {'T'}, position, cache, false).toFloatArray()).isEqualTo(first);
            }
            assertThat(first).usingComparatorWithPrecision(TOLERANCE)
                    .containsExactly(gpt.decode(manager, new int[] {'T'}, position, cache, true).toFloatArray());
        }
    }

    @Test
    void a_position_never_sees_the_tokens_after_it() {
        NDArray original = model.forward(tokens(new long[] {'a', 'b', 'c', 'd'}));
        NDArray changedEnd = model.forward(tokens(new long[] {'a', 'b', 'x', 'y'}));

        assertThat(changedEnd.get(":, 0:2").toFloatArray()).usingComparatorWithPrecision(TOLERANCE)
                .containsExactly(original.get(":, 0:2").toFloatArray());
        assertThat(changedEnd.get(":, 2").toFloatArray()).isNotEqualTo(original.get(":, 2").toFloatArray());
    }

    @Test
    void each_row_of_a_batch_gets_the_logits_it_would_get_alone() {
        long[] first = {'a', 'b', 'c'};
        long[] second = {'x', 'y', 'z'};
        NDArray batch = manager.create(new long[] {'a', 'b', 'c', 'x', 'y', 'z'}, new Shape(2, 3));

        NDArray logits = model.forward(batch);                                       // [2, 3, V]

        assertThat(logits.get(0).toFloatArray()).usingComparatorWithPrecision(TOLERANCE)
                .containsExactly(model.forward(tokens(first)).get(0).toFloatArray());
        assertThat(logits.get(1).toFloatArray()).usingComparatorWithPrecision(TOLERANCE)
                .containsExactly(model.forward(tokens(second)).get(0).toFloatArray());
    }

    @Test
    void reading_past_the_context_length_is_refused() {
        try (KvCache cache = model.newCache(1, manager)) {
            int context = TINY.contextLength();
            model.prefill(tokens(new long[context]), cache, 0);

            assertThatThrownBy(() -> model.prefill(tokens(new long[context + 1]), cache, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed the context");
            assertThatThrownBy(() -> model.decode(manager, new int[] {'a'}, new int[] {context}, cache, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past the context");
        }
    }

    private NDArray tokens(long[] ids) {
        return manager.create(ids, new Shape(1, ids.length));
    }

    private static long[] slice(long[] ids, int from, int to) {
        return Arrays.copyOfRange(ids, from, to);
    }
}
