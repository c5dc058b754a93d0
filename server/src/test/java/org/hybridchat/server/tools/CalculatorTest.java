package org.hybridchat.server.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hybridchat.server.tools.Calculator.CalculationException;
import org.hybridchat.server.tools.Calculator.Result;
import org.junit.jupiter.api.Test;

class CalculatorTest {

    @Test
    void big_integers_are_exact_to_the_last_digit() {
        assertThat(Calculator.evaluate("2^64 - 1")).isEqualTo(new Result("18446744073709551615", true));
        assertThat(Calculator.evaluate("2**100").value()).isEqualTo("1267650600228229401496703205376");
        assertThat(Calculator.evaluate("99999999999999999999 * 99999999999999999999").value())
                .isEqualTo("9999999999999999999800000000000000000001");
    }

    @Test
    void decimals_add_up_as_people_expect_not_as_doubles_do() {
        assertThat(Calculator.evaluate("0.1 + 0.2").value()).isEqualTo("0.3");
        assertThat(Calculator.evaluate("1.10 * 3").value()).isEqualTo("3.3");
        assertThat(Calculator.evaluate("1,000,000 / 8").value()).isEqualTo("125000");
    }

    @Test
    void precedence_parentheses_signs_and_right_associative_powers() {
        assertThat(Calculator.evaluate("2 + 3 * 4").value()).isEqualTo("14");
        assertThat(Calculator.evaluate("(2 + 3) * 4").value()).isEqualTo("20");
        assertThat(Calculator.evaluate("2^3^2").value()).isEqualTo("512");
        assertThat(Calculator.evaluate("-2^2").value()).isEqualTo("-4");
        assertThat(Calculator.evaluate("(-2)^2").value()).isEqualTo("4");
        assertThat(Calculator.evaluate("2^-2").value()).isEqualTo("0.25");
        assertThat(Calculator.evaluate("17 % 5").value()).isEqualTo("2");
        assertThat(Calculator.evaluate("12 × 3 ÷ 4").value()).isEqualTo("9");
        assertThat(Calculator.evaluate("--3").value()).isEqualTo("3");
    }

    @Test
    void a_quotient_that_never_ends_is_rounded_and_says_so() {
        Result third = Calculator.evaluate("1/3");
        assertThat(third.exact()).isFalse();
        assertThat(third.value()).isEqualTo("0.3333333333333333333333333333333333333333");
        assertThat(Calculator.evaluate("1/8")).isEqualTo(new Result("0.125", true));
    }

    @Test
    void what_has_no_value_gets_a_reason_a_person_can_act_on() {
        assertThatThrownBy(() -> Calculator.evaluate("1/0")).isInstanceOf(CalculationException.class)
                .hasMessage("Division by zero.");
        assertThatThrownBy(() -> Calculator.evaluate("5 % 0")).hasMessage("Division by zero.");
        assertThatThrownBy(() -> Calculator.evaluate("0^-1")).hasMessage("Division by zero.");
        assertThatThrownBy(() -> Calculator.evaluate("(1 + 2")).hasMessage("A parenthesis is not closed.");
        assertThatThrownBy(() -> Calculator.evaluate("2 +")).hasMessage("The expression ends too soon.");
        assertThatThrownBy(() -> Calculator.evaluate("2 + banana")).hasMessage("Cannot read the expression at 'banana'.");
        assertThatThrownBy(() -> Calculator.evaluate("1.2.3")).hasMessage("'1.2.3' is not a number.");
        assertThatThrownBy(() -> Calculator.evaluate("2^0.5")).hasMessageContaining("whole-number powers");
        assertThatThrownBy(() -> Calculator.evaluate("   ")).hasMessage("There is no expression to calculate.");
    }

    @Test
    void it_reads_the_characters_its_tool_declares_and_no_others() {
        assertThat("2^64 - 1,000 (3 % 2) / 4 * 5.5_0 \u00f7 1 \u00d7 2 \u2212 1\t\n\r").matches("[" + Calculator.CHARACTERS + "]+");
        assertThat(Calculator.evaluate("1,000 \u00d7 2\t\u2212\n1").value()).isEqualTo("1999");
        assertThatThrownBy(() -> Calculator.evaluate("\u0662+\u0662")).hasMessage("Cannot read the expression at '\u0662+\u0662'.");
        assertThatThrownBy(() -> Calculator.evaluate("2\u2009+ 2")).isInstanceOf(CalculationException.class);
    }

    @Test
    void a_result_too_long_to_write_is_refused_before_it_is_computed() {
        assertThatThrownBy(() -> Calculator.evaluate("9^999999999")).hasMessageContaining("more than 10000 digits");
        assertThatThrownBy(() -> Calculator.evaluate("10^10^10")).hasMessageContaining("more than 10000 digits");
        assertThat(Calculator.evaluate("1^999999999").value()).isEqualTo("1");
        assertThat(Calculator.evaluate("2^33000").value()).hasSize(9934);
    }
}
