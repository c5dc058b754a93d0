package org.hybridchat.server.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {0f, 3f, 1f, 2.5f, -1f};

    @Test
    void top_k_of_one_always_picks_the_likeliest_token() {
        Sampler sampler = new Sampler(1.5f, 1, 9);
        assertThat(IntStream.range(0, 100).map(i -> sampler.sample(LOGITS))).containsOnly(1);
    }

    @Test
    void only_the_top_k_tokens_are_ever_picked_and_the_likelier_more_often() {
        Sampler sampler = new Sampler(1f, 2, 9);
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < 2_000; i++) {
            counts[sampler.sample(LOGITS)]++;
        }
        assertThat(counts[0] + counts[2] + counts[4]).isZero();
        // softmax of (3, 2.5): 62% against 38%
        assertThat(counts[1]).isBetween(1_140, 1_340);
    }

    @Test
    void the_same_seed_picks_the_same_tokens() {
        Sampler first = new Sampler(1f, 5, 77);
        Sampler second = new Sampler(1f, 5, 77);
        int[] a = IntStream.range(0, 50).map(i -> first.sample(LOGITS)).toArray();
        int[] b = IntStream.range(0, 50).map(i -> second.sample(LOGITS)).toArray();
        assertThat(a).containsExactly(b).containsAnyOf(0, 2, 3, 4);
    }

    @Test
    void non_finite_logits_still_give_a_token() {
        Sampler sampler = new Sampler(0.8f, 3, 1);
        float[] logits = {Float.NaN, Float.POSITIVE_INFINITY, 1f, Float.NEGATIVE_INFINITY};
        assertThat(sampler.sample(logits)).isBetween(0, logits.length - 1);
    }
}
