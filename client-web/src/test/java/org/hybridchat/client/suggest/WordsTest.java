package org.hybridchat.client.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    void words_are_lower_case_and_spaces_line_breaks_and_hyphens_keep_a_run_together() {
        assertEquals(List.of(List.of("an", "object", "oriented", "language", "for", "unix")),
                Words.runs("An object-oriented\nlanguage for  Unix"));
    }

    @Test
    void punctuation_digits_and_blank_lines_end_a_run() {
        assertEquals(List.of(List.of("it", "runs"), List.of("as", "a", "daemon"), List.of("on"), List.of("ports")),
                Words.runs("It runs. As a daemon\n\non 80 ports"));
    }

    @Test
    void the_last_run_is_empty_when_the_text_ends_after_a_break() {
        assertEquals(List.of(), Words.lastRun("It runs as a daemon."));
        assertEquals(List.of("as", "a"), Words.lastRun("It runs. As a "));
    }

    @Test
    void inner_apostrophes_belong_to_the_word_and_quotes_around_it_do_not() {
        assertEquals(List.of(List.of("don't", "say", "kludge")), Words.runs("Don\u2019t say 'kludge'"));
    }
}
