package org.hybridchat.server.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TokenSamplerTest {
    private static final float[] LOGITS = {0f, 3f, 1f, 2.5f, -1f};

    @Test
    void top_k_of_one_always_picks_the_likeliest_token() {
        TokenSampler sampler = new TokenSampler(1.5f, 1, 1f, 9);
        assertThat(IntStream.range(0, 100).map(i -> sampler.sample(LOGITS))).containsOnly(1);
    }

    @Test
    void temperature_zero_always_picks_the_likeliest_token() {
        TokenSampler sampler = new TokenSampler(0f, 40, 1f, 9);
        assertThat(IntStream.range(0, 100).map(i -> sampler.sample(LOGITS))).containsOnly(1);
    }

    @Test
    void only_the_top_k_tokens_are_ever_picked_and_the_likelier_more_often() {
        TokenSampler sampler = new TokenSampler(1f, 2, 1f, 9);
        int[] counts = counts(sampler, 2_000);
        assertThat(counts[0] + counts[2] + counts[4]).isZero();
        // softmax of (3, 2.5): 62% against 38%
        assertThat(counts[1]).isBetween(1_140, 1_340);
    }

    @Test
    void top_p_keeps_the_fewest_likeliest_tokens_that_reach_it() {
        // softmax of LOGITS: 0.55, 0.34, 0.07, 0.03, 0.01 for tokens 1, 3, 2, 0, 4
        assertThat(counts(new TokenSampler(1f, 40, 0.5f, 3), 500)).containsExactly(0, 500, 0, 0, 0);
        int[] counts = counts(new TokenSampler(1f, 40, 0.8f, 3), 2_000);
        assertThat(counts[0] + counts[2] + counts[4]).isZero();
        // renormalised over tokens 1 and 3: 62% against 38%
        assertThat(counts[1]).isBetween(1_140, 1_340);
    }

    @Test
    void the_same_seed_picks_the_same_tokens() {
        TokenSampler first = new TokenSampler(1f, 5, 1f, 77);
        TokenSampler second = new TokenSampler(1f, 5, 1f, 77);
        int[] a = IntStream.range(0, 50).map(i -> first.sample(LOGITS)).toArray();
        int[] b = IntStream.range(0, 50).map(i -> second.sample(LOGITS)).toArray();
        assertThat(a).containsExactly(b).containsAnyOf(0, 2, 3, 4);
    }

    @Test
    void a_row_of_a_batch_is_sampled_as_the_same_logits_alone() {
        float[] batch = new float[3 * LOGITS.length];
        System.arraycopy(LOGITS, 0, batch, LOGITS.length, LOGITS.length);
        TokenSampler inBatch = new TokenSampler(1f, 5, 1f, 5);
        TokenSampler alone = new TokenSampler(1f, 5, 1f, 5);
        for (int i = 0; i < 50; i++) {
            assertThat(inBatch.sample(batch, LOGITS.length, LOGITS.length)).isEqualTo(alone.sample(LOGITS));
        }
    }

    @Test
    void non_finite_logits_still_give_a_token() {
        TokenSampler sampler = new TokenSampler(0.8f, 3, 1f, 1);
        float[] logits = {Float.NaN, Float.POSITIVE_INFINITY, 1f, Float.NEGATIVE_INFINITY};
        assertThat(sampler.sample(logits)).isBetween(0, logits.length - 1);
    }

    private static int[] counts(TokenSampler sampler, int draws) {
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < draws; i++) {
            counts[sampler.sample(LOGITS)]++;
        }
        return counts;
    }
}
