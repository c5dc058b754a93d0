package org.hybridchat.client.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.hybridchat.client.suggest.training.NgramTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped model, {@code static/model/suggest.bin}, as the page uses it. */
class NgramModelTest {

    private static byte[] shipped;
    private static NgramModel model;

    @BeforeAll
    static void loadShippedModel() throws IOException {
        try (InputStream in = NgramModelTest.class.getResourceAsStream("/static/model/suggest.bin")) {
            shipped = in.readAllBytes();
        }
        model = NgramModel.read(shipped);
    }

    @Test
    void the_shipped_file_loads_and_stays_well_under_100_kb() {
        assertTrue(shipped.length < 80_000, shipped.length + " bytes");
        assertEquals(NgramTrainer.Limits.SHIPPED.vocabulary(), model.vocabularySize());
        assertTrue(model.followerLists() > 1000, model.followerLists() + " follower lists");
    }

    @Test
    void it_completes_a_partial_known_word() {
        assertEquals(Optional.of("on"), model.suggest("what is a daem"));
        assertEquals(Optional.of("uage"), model.suggest("a programming lang"));
    }

    @Test
    void it_predicts_a_plausible_next_word_after_a_space() {
        assertEquals(Optional.of("system"), model.suggest("the operating "));
        assertEquals(Optional.of("web"), model.suggest("the world wide "));
    }

    @Test
    void the_two_previous_words_count_more_than_one() {
        assertEquals(Optional.of("language"), model.suggest("a high level "));
        assertEquals(Optional.of("foundation"), model.suggest("the free software "));
    }

    @Test
    void it_suggests_nothing_for_gibberish() {
        assertEquals(Optional.empty(), model.suggest("xqzvvt"));
        assertEquals(Optional.empty(), model.suggest("qwrtp zzkx "));
    }

    @Test
    void it_suggests_nothing_after_a_full_stop_or_for_an_empty_input() {
        assertEquals(Optional.empty(), model.suggest("It runs as a daemon. "));
        assertEquals(Optional.empty(), model.suggest(""));
    }

    @Test
    void a_word_more_likely_than_its_longer_forms_gets_no_completion() {
        assertEquals(Optional.empty(), model.suggest("what is the"));
    }

    @Test
    void the_completion_follows_any_case_the_user_types() {
        assertEquals(model.suggest("what is a daem"), model.suggest("What Is A DAEM"));
    }

    @Test
    void inference_is_deterministic() {
        NgramModel again = NgramModel.read(shipped);
        for (String typed : List.of("what is a daem", "the operating ", "comp", "see also ", "an object-ori")) {
            Optional<String> first = model.suggest(typed);
            assertEquals(first, model.suggest(typed), typed);
            assertEquals(first, again.suggest(typed), typed);
        }
    }
}
