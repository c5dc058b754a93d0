package org.hybridchat.client.suggest.jvmtraining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hybridchat.client.suggest.Alphabet;
import org.junit.jupiter.api.Test;

class TrainingTextTest {

    private static final Alphabet ALPHABET = CharModelTrainer.ALPHABET;

    @Test
    void dictd_markup_urls_and_date_stamps_are_stripped() {
        String plain = TrainingText.plainText(
                "   <networking> A {bit bucket}, see {(ftp://example.org/x.zip)} or {Unix}.\n\n   (1998-09-15)\n");

        assertEquals("     A bit bucket, see (  or Unix.\n\n    \n", plain);
    }

    @Test
    void text_becomes_symbol_ids_with_white_space_runs_as_one_space() {
        byte[] ids = TrainingText.ids("  Two\n\n  words\u2019 é", ALPHABET);

        assertEquals("two words' ~", TrainingText.text(ids, 0, ids.length, ALPHABET));
    }

    @Test
    void every_twentieth_block_is_held_out_for_validation() {
        String text = "ab".repeat(TrainingText.BLOCK * TrainingText.VALIDATION_EVERY);

        TrainingText split = TrainingText.of(text, ALPHABET);

        assertEquals(2 * TrainingText.BLOCK, split.validation().length);
        assertEquals(text.length() - 2 * TrainingText.BLOCK, split.train().length);
    }
}
