package org.hybridchat.server.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hybridchat.contract.ToolResult;
import org.junit.jupiter.api.Test;

class GroundingTest {
    private static final ToolResult DAEMON = new ToolResult.Definition("daemon",
            "A program that is not invoked explicitly, but lies dormant waiting for some condition(s) to occur.",
            "The Jargon File 4.4.7", "public domain", "http://catb.org/~esr/jargon/", List.of());

    @Test
    void a_reply_that_quotes_the_result_is_grounded() {
        assertThat(Grounding.isGrounded(GroundedAnswer.of(DAEMON), DAEMON)).isTrue();
        assertThat(Grounding.isGrounded("From The Jargon File 4.4.7: A program that lies dormant, waiting.", DAEMON))
                .isTrue();
    }

    @Test
    void a_reply_with_facts_the_result_does_not_have_is_not() {
        assertThat(Grounding.isGrounded("From The Jargon File 4.4.7: A hardware company founded in Berkeley in 1983"
                + " that sold printers.", DAEMON)).isFalse();
        assertThat(Grounding.share("A program invented in 1983.", DAEMON)).isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void a_reply_with_no_content_words_says_nothing_from_the_result() {
        assertThat(Grounding.isGrounded("", DAEMON)).isFalse();
        assertThat(Grounding.isGrounded("It is the one.", DAEMON)).isFalse();
    }

    @Test
    void numbers_count_as_content_so_a_wrong_digit_is_not_grounded() {
        ToolResult sum = new ToolResult.Calculation("2^64 - 1", "18446744073709551615");

        assertThat(Grounding.isGrounded("2^64 - 1 = 18446744073709551615", sum)).isTrue();
        assertThat(Grounding.isGrounded("2^64 - 1 = 18446744073709551614", sum)).isFalse();
    }

    @Test
    void a_contact_detail_must_be_the_result_s_character_for_character() {
        ToolResult dqdb = new ToolResult.Definition("DQDB", "An IEEE standard for metropolitan area networks. "
                + "(http://ece.wpi.edu/~vlad/ee535/hw5/page1.html). Mail <dqdb@ieee.org>.",
                "The Free On-line Dictionary of Computing", "GFDL", "https://foldoc.org/", List.of());

        assertThat(Grounding.isGrounded("From The Free On-line Dictionary of Computing: An IEEE standard for "
                + "metropolitan area networks (http://ece.wpi.edu/~vlad/ee535/hw5/page1.html).", dqdb)).isTrue();
        assertThat(Grounding.isGrounded("From The Free On-line Dictionary of Computing: An IEEE standard for "
                + "metropolitan area networks (http://ece.wpi.edu/~vlad/ee535//ee535/hw5/page1.html).", dqdb))
                .as("every word is the result's, the address is not").isFalse();
        assertThat(Grounding.isGrounded("An IEEE standard for metropolitan area networks; mail dqdb@ieee.com.", dqdb))
                .isFalse();
    }

    @Test
    void a_reply_that_stutters_is_not_grounded_though_every_word_is_the_result_s() {
        ToolResult compiler = new ToolResult.Definition("compiler", "A program that converts another program from"
                + " some source language (or programming language) to machine language (object code).",
                "The Free On-line Dictionary of Computing", "GFDL", "https://foldoc.org/", List.of());

        assertThat(Grounding.isGrounded("From The Free On-line Dictionary of Computing: A program that converts"
                + " another program from some source language (or programming language (or programming language"
                + " (object code).", compiler)).isFalse();
        assertThat(Grounding.isGrounded(GroundedAnswer.of(compiler), compiler)).isTrue();
    }
}
