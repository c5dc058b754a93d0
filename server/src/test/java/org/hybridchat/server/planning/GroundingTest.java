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
}
