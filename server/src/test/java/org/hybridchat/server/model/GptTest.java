package org.hybridchat.server.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GptTest {
    private static final Gpt.Config TINY = TrainerTest.TINY;
    private static final float TOLERANCE = 1e-4f;

    private NDManager manager;
    private Gpt model;

    @BeforeEach
    void createModel() {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        model = Gpt.initialize(TINY, manager, 7);
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void the_parameter_count_is_that_of_gpt2_at_this_size() {
        int c = TINY.dModel();
        long perBlock = 12L * c * c + 13L * c;
        assertThat(TINY.parameterCount())
                .isEqualTo((TINY.vocabSize() + TINY.contextLength()) * c + TINY.layers() * perBlock + 2L * c);
    }

    @Test
    void decoding_token_by_token_with_the_kv_cache_gives_the_logits_of_a_full_forward_pass() {
        long[] ids = {256, 'w', 'h', 'a', 't', '?', 258, 257};
        NDArray full = model.forward(tokens(ids), null);                           // [1, 8, V]

        try (Gpt.KvCache cache = new Gpt.KvCache(TINY)) {
            NDArray prefill = model.forward(tokens(slice(ids, 0, 5)), cache);        // [1, 5, V]
            assertThat(prefill.toFloatArray()).usingComparatorWithPrecision(TOLERANCE)
                    .containsExactly(full.get(":, 0:5").toFloatArray());
            for (int position = 5; position < ids.length; position++) {
                NDArray step = model.forward(tokens(slice(ids, position, position + 1)), cache); // [1, 1, V]
                assertThat(step.toFloatArray()).usingComparatorWithPrecision(TOLERANCE)
                        .containsExactly(full.get(":, {}:{}", position, position + 1).toFloatArray());
            }
            assertThat(cache.length()).isEqualTo(ids.length);
        }
    }

    @Test
    void a_position_never_sees_the_tokens_after_it() {
        NDArray original = model.forward(tokens(new long[] {'a', 'b', 'c', 'd'}), null);
        NDArray changedEnd = model.forward(tokens(new long[] {'a', 'b', 'x', 'y'}), null);

        assertThat(changedEnd.get(":, 0:2").toFloatArray()).usingComparatorWithPrecision(TOLERANCE)
                .containsExactly(original.get(":, 0:2").toFloatArray());
        assertThat(changedEnd.get(":, 2").toFloatArray()).isNotEqualTo(original.get(":, 2").toFloatArray());
    }

    @Test
    void each_row_of_a_batch_gets_the_logits_it_would_get_alone() {
        long[] first = {'a', 'b', 'c'};
        long[] second = {'x', 'y', 'z'};
        NDArray batch = manager.create(new long[] {'a', 'b', 'c', 'x', 'y', 'z'}, new Shape(2, 3));

        NDArray logits = model.forward(batch, null);                                 // [2, 3, V]

        assertThat(logits.get(0).toFloatArray()).usingComparatorWithPrecision(TOLERANCE)
                .containsExactly(model.forward(tokens(first), null).get(0).toFloatArray());
        assertThat(logits.get(1).toFloatArray()).usingComparatorWithPrecision(TOLERANCE)
                .containsExactly(model.forward(tokens(second), null).get(0).toFloatArray());
    }

    @Test
    void feeding_past_the_context_length_is_refused() {
        try (Gpt.KvCache cache = new Gpt.KvCache(TINY)) {
            model.forward(tokens(new long[TINY.contextLength()]), cache);

            assertThatThrownBy(() -> model.forward(tokens(new long[] {'a'}), cache))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed the context");
        }
    }

    private NDArray tokens(long[] ids) {
        return manager.create(ids, new Shape(1, ids.length));
    }

    private static long[] slice(long[] ids, int from, int to) {
        return java.util.Arrays.copyOfRange(ids, from, to);
    }
}
