package org.hybridchat.client.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AlphabetTest {

    private final Alphabet alphabet = new Alphabet(" abc'\"~");

    @Test
    void letters_fold_to_lower_case_and_white_space_to_a_space() {
        assertEquals(alphabet.id('a'), alphabet.id('A'));
        assertEquals(alphabet.id(' '), alphabet.id('\n'));
        assertEquals(alphabet.id(' '), alphabet.id('\t'));
    }

    @Test
    void typographic_quotes_read_as_ascii_ones() {
        assertEquals(alphabet.id('\''), alphabet.id('\u2019'));
        assertEquals(alphabet.id('"'), alphabet.id('\u201c'));
    }

    @Test
    void anything_outside_the_alphabet_is_its_last_symbol() {
        assertEquals(6, alphabet.id('z'));
        assertEquals(6, alphabet.id('é'));
        assertEquals(6, alphabet.id('\uD83D'));
        assertEquals('~', alphabet.symbol(6));
    }

    @Test
    void an_alphabet_is_distinct_ascii_characters() {
        assertThrows(IllegalArgumentException.class, () -> new Alphabet("abca"));
        assertThrows(IllegalArgumentException.class, () -> new Alphabet("abé"));
        assertThrows(IllegalArgumentException.class, () -> new Alphabet("a"));
    }
}
