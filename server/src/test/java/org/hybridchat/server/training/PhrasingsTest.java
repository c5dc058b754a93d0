package org.hybridchat.server.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;

import org.hybridchat.server.network.Rng;
import org.junit.jupiter.api.Test;

class PhrasingsTest {
    private static final Phrasings DEFINE = Phrasings.composed(List.of("define %s", "what is %s"),
            List.of("please define %s", "what exactly is %s?"));

    @Test
    void a_trained_phrasing_never_contains_a_held_out_one_whatever_opening_and_ending_it_gets() {
        Rng rng = new Rng(7);
        List<String> trained = IntStream.range(0, 5_000).mapToObj(i -> DEFINE.pick(rng, false)).toList();

        assertThat(trained).noneMatch(p -> p.toLowerCase().contains("please define"))
                .noneMatch(p -> p.toLowerCase().contains("what exactly is"));
        assertThat(trained).anyMatch(p -> p.startsWith("define %s")).anyMatch(p -> p.startsWith("What is %s"))
                .anyMatch(p -> p.endsWith("%s please")).anyMatch(p -> p.startsWith("quick question: "));
    }

    @Test
    void the_held_out_side_asks_only_the_held_out_sentences_as_written() {
        Rng rng = new Rng(7);

        assertThat(IntStream.range(0, 100).mapToObj(i -> DEFINE.pick(rng, true)))
                .containsOnly("please define %s", "what exactly is %s?");
    }

    @Test
    void a_core_that_contains_a_held_out_sentence_is_refused() {
        assertThatThrownBy(() -> Phrasings.composed(List.of("so what exactly is %s"), List.of("what exactly is %s?")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixed_phrasings_are_trained_as_written() {
        Phrasings greetings = Phrasings.fixed(List.of("hello"), List.of("hiya"));

        assertThat(IntStream.range(0, 50).mapToObj(i -> greetings.pick(new Rng(i), false))).containsOnly("hello");
    }
}
