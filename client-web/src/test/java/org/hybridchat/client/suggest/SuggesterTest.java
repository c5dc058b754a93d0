package org.hybridchat.client.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.hybridchat.client.suggest.Suggester.Suggestion;
import org.hybridchat.client.suggest.worker.SuggestWorker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped model, {@code static/model/...}, as the worker uses it. */
class SuggesterTest {

    private static byte[] shipped;
    private static Suggester suggester;

    @BeforeAll
    static void loadShippedModel() throws IOException {
        try (InputStream in = SuggesterTest.class.getResourceAsStream("/static/" + SuggestWorker.MODEL_FILE)) {
            shipped = in.readAllBytes();
        }
        suggester = new Suggester(CharModel.read(shipped));
    }

    @Test
    void the_shipped_file_is_at_most_100_kb() {
        assertTrue(shipped.length <= 100 * 1024, shipped.length + " bytes");
    }

    @Test
    void it_completes_the_word_being_typed() {
        assertEquals("ler", suggester.suggest("what is a compi").text());
        assertEquals("uage", suggester.suggest("a programming lang").text());
        assertEquals("tem", suggester.suggest("the file sys").text());
        assertEquals("work", suggester.suggest("how do i configure the net").text());
    }

    @Test
    void a_completion_says_how_probable_the_model_finds_it() {
        Suggestion suggestion = suggester.suggest("the file sys");

        assertTrue(suggestion.probability() >= Suggester.SHIPPED_MIN_PROBABILITY, suggestion.toString());
        assertTrue(suggestion.probability() <= 1, suggestion.toString());
    }

    @Test
    void it_suggests_nothing_outside_a_word() {
        for (String typed : List.of("", "the operating ", "It is.", "version 2", "hello, ")) {
            assertEquals(Suggestion.NONE, suggester.suggest(typed), typed);
        }
    }

    @Test
    void it_suggests_nothing_it_is_unsure_of() {
        assertEquals(Suggestion.NONE, suggester.suggest("xqzvvt"));
        assertEquals(Suggestion.NONE, suggester.suggest("the world wide w"), "web is rare in the dictionaries");
        Suggester eager = new Suggester(CharModel.read(shipped), 0);
        assertTrue(!eager.suggest("the world wide w").text().isEmpty(), "with no threshold it would guess");
    }

    @Test
    void a_word_typed_in_capitals_is_completed_in_capitals() {
        assertEquals("UAGE", suggester.suggest("A PROGRAMMING LANG").text());
        assertEquals("uage", suggester.suggest("A Programming Lang").text());
    }

    @Test
    void only_the_last_characters_count_so_a_long_message_costs_what_a_short_one_does() {
        assertEquals(suggester.suggest("what is a compi"),
                suggester.suggest("a " + "very ".repeat(800) + "long message, and what is a compi"));
    }

    @Test
    void a_completion_is_at_most_twelve_letters() {
        Suggester eager = new Suggester(CharModel.read(shipped), 0);
        for (String typed : List.of("a", "the i", "q", "what is a compi")) {
            assertTrue(eager.suggest(typed).text().length() <= Suggester.MAX_LETTERS, typed);
        }
    }

    @Test
    void the_same_text_always_gets_the_same_suggestion() {
        Suggester again = new Suggester(CharModel.read(shipped));
        for (String typed : List.of("what is a compi", "the file sy", "an object-ori", "comp")) {
            assertEquals(suggester.suggest(typed), suggester.suggest(typed), typed);
            assertEquals(suggester.suggest(typed), again.suggest(typed), typed);
        }
    }
}
