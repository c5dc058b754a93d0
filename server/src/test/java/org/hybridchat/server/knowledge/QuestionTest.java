package org.hybridchat.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuestionTest {
    @Test
    void the_term_is_what_remains_without_the_phrasing_around_it() {
        assertThat(Question.of("what is a compiler?").term()).isEqualTo("compiler");
        assertThat(Question.of("What does RTFM stand for?").term()).isEqualTo("RTFM");
        assertThat(Question.of("explain what RTFM means").term()).isEqualTo("RTFM");
        assertThat(Question.of("tell me about the kernel").term()).isEqualTo("kernel");
        assertThat(Question.of("define 'foo bar'").term()).isEqualTo("foo bar");
        assertThat(Question.of("daemon?").term()).isEqualTo("daemon");
    }

    @Test
    void phrasing_is_recognised_through_a_slip_but_such_cuts_are_tried_last() {
        Question question = Question.of("tell me abut kernel");

        assertThat(question.sure()).containsExactly("tell me abut kernel", "me abut kernel", "abut kernel");
        assertThat(question.guessed()).containsExactly("kernel");
        assertThat(question.term()).isEqualTo("kernel");
    }

    @Test
    void a_word_only_like_phrasing_is_part_of_the_term() {
        assertThat(Question.of("what is colud computing?").term()).isEqualTo("colud computing");
    }

    @Test
    void a_headword_made_of_phrasing_words_stays_a_candidate() {
        assertThat(Question.of("explain Do What I Mean").sure()).contains("Do What I Mean");
    }
}
