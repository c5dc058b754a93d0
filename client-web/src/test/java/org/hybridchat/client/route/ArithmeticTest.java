package org.hybridchat.client.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ArithmeticTest {

    @Test
    void precedence_parentheses_and_a_leading_minus() {
        assertEquals(14.0, Arithmetic.evaluate("2 + 3 * 4"));
        assertEquals(20.0, Arithmetic.evaluate("(2 + 3) * 4"));
        assertEquals(-6.0, Arithmetic.evaluate("-2 * 3"));
        assertEquals(512.0, Arithmetic.evaluate("2 ^ 3 ^ 2"), "^ is right-associative");
        assertEquals(1.0, Arithmetic.evaluate("10 % 3"));
        assertEquals(3.5, Arithmetic.evaluate("7 ÷ 2"));
        assertEquals(6.0, Arithmetic.evaluate("2×3"));
    }

    @Test
    void decimals_read_exactly_as_java_reads_them() {
        assertEquals(0.1 + 0.2, Arithmetic.evaluate("0.1 + 0.2"));
        assertEquals(1234.5678 * 2, Arithmetic.evaluate("1234.5678 * 2"));
        assertEquals(0.5 * 3, Arithmetic.evaluate(".5 * 3"));
    }

    @Test
    void text_that_is_not_a_sum_is_not_arithmetic() {
        assertNull(Arithmetic.evaluate("42"), "a number alone");
        assertNull(Arithmetic.evaluate("-42"), "a negative number alone");
        assertNull(Arithmetic.evaluate("2 + two"));
        assertNull(Arithmetic.evaluate("(1 + 2"));
        assertNull(Arithmetic.evaluate("1.2.3 + 1"));
        assertNull(Arithmetic.evaluate(""));
        assertNull(Arithmetic.evaluate("a daemon?"));
    }

    @Test
    void results_read_as_a_person_writes_them() {
        assertEquals("42", Arithmetic.format(42));
        assertEquals("0.3", Arithmetic.format(0.1 + 0.2));
        assertEquals("-2.5", Arithmetic.format(-2.5));
        assertEquals("0.3333333333", Arithmetic.format(1.0 / 3));
        assertEquals("0.000125", Arithmetic.format(0.000125));
        assertEquals("1.5e20", Arithmetic.format(1.5e20));
        assertEquals("1e-9", Arithmetic.format(1e-9));
        assertEquals("0", Arithmetic.format(0));
        assertNull(Arithmetic.format(1.0 / 0));
        assertNull(Arithmetic.format(0.0 / 0));
    }
}
