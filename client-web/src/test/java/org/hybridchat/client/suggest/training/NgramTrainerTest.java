package org.hybridchat.client.suggest.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.hybridchat.client.suggest.NgramModel;
import org.hybridchat.client.suggest.training.NgramTrainer.Limits;
import org.junit.jupiter.api.Test;

class NgramTrainerTest {

    private static final String TEXT = """
            A daemon is a program that runs in the background.
            A daemon waits for requests. The kernel starts a daemon at boot.
            A compiler is a program that translates source code.

            The kernel schedules every program.
            """;

    private static final Limits SMALL = new Limits(100, 1, 3);

    @Test
    void a_model_trained_on_a_few_sentences_completes_and_predicts_their_words() {
        NgramModel model = NgramTrainer.train(TEXT, SMALL);

        assertEquals(Optional.of("on"), model.suggest("a daem"));
        assertEquals(Optional.of("program"), model.suggest("a compiler is a "));
        assertEquals(Optional.of("daemon"), model.suggest("the kernel starts a "));
    }

    @Test
    void counts_below_the_minimum_are_left_out() {
        NgramModel model = NgramTrainer.train(TEXT, new Limits(100, 2, 3));

        assertEquals(Optional.empty(), model.suggest("a compi"), "'compiler' occurs once");
        assertEquals(Optional.of("daemon"), model.suggest("a "), "'a daemon' occurs three times");
        assertEquals(Optional.of("program"), model.suggest("it is a "), "'is a program' occurs twice");
    }

    @Test
    void the_model_file_round_trips_exactly() {
        byte[] bytes = NgramTrainer.train(TEXT, SMALL).toBytes();

        assertArrayEquals(bytes, NgramModel.read(bytes).toBytes());
    }

    @Test
    void the_same_text_always_gives_the_same_file() {
        assertArrayEquals(NgramTrainer.train(TEXT, SMALL).toBytes(), NgramTrainer.train(TEXT, SMALL).toBytes());
    }

    @Test
    void a_damaged_file_is_refused_with_a_clear_message() {
        byte[] bytes = NgramTrainer.train(TEXT, SMALL).toBytes();

        var truncated = assertThrows(IllegalArgumentException.class,
                () -> NgramModel.read(Arrays.copyOf(bytes, bytes.length - 1)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        var foreign = assertThrows(IllegalArgumentException.class, () -> NgramModel.read("GIF89a".getBytes()));
        assertTrue(foreign.getMessage().contains("not a suggestion model"), foreign.getMessage());
    }

    @Test
    void dictd_markup_is_stripped_before_counting() {
        String plain = NgramTrainer.plainText(
                "   <networking> A {bit bucket}, see {(ftp://example.org/x.zip)} or {Unix}.");

        assertEquals("     A bit bucket, see (  or Unix.", plain);
    }
}
