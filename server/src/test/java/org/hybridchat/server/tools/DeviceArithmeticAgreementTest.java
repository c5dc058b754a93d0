package org.hybridchat.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;

import org.hybridchat.client.route.Arithmetic;
import org.hybridchat.server.tools.Calculator.CalculationException;
import org.junit.jupiter.api.Test;

/**
 * The page answers arithmetic on the device in doubles, to ten significant digits; the server's
 * calculate tool answers exactly. On every expression both accept they agree: the device's answer
 * is the exact value as the device writes numbers. One stream of seeded random expressions feeds both.
 */
class DeviceArithmeticAgreementTest {
    private static final int EXPRESSIONS = 5_000;

    @Test
    void the_device_and_the_server_agree_on_every_expression_both_accept() {
        Random random = new Random(20261204);
        int both = 0;
        for (int i = 0; i < EXPRESSIONS; i++) {
            String expression = expression(random, 3);
            Double device = Arithmetic.evaluate(expression);
            String deviceText = device == null ? null : Arithmetic.format(device);
            Calculator.Result server;
            try {
                server = Calculator.evaluate(expression);
            } catch (CalculationException refused) {
                continue;
            }
            if (deviceText == null) {
                continue;
            }
            both++;
            assertThat(deviceText).as(expression).isEqualTo(Arithmetic.format(new BigDecimal(server.value()).doubleValue()));
        }
        assertThat(both).as("expressions both accepted").isGreaterThan(EXPRESSIONS * 2 / 5);
    }

    @Test
    void the_cases_people_type() {
        for (String expression : new String[] {"2^10", "0.1 + 0.2", "-2^2", "2^-1", "12.5 * (3 + 4)", "7 % 3", "10 / 4",
                "1 / 3", "2^3^2", "(1 + 2) * -3", "100 ÷ 8", "6 × 7"}) {
            assertThat(Arithmetic.format(Arithmetic.evaluate(expression))).as(expression)
                    .isEqualTo(Arithmetic.format(new BigDecimal(Calculator.evaluate(expression).value()).doubleValue()));
        }
    }

    @Test
    void the_device_leaves_to_the_server_what_doubles_cannot_settle() {
        assertThat(Arithmetic.evaluate("0.1 * 3 - 0.3")).as("cancellation").isNull();
        assertThat(Calculator.evaluate("0.1 * 3 - 0.3").value()).isEqualTo("0");
        assertThat(Arithmetic.evaluate("603 * 26.15 * -31365")).as("a tie in the tenth digit").isNull();
        assertThat(Calculator.evaluate("603 * 26.15 * -31365").value()).isEqualTo("-494577434.25");
        assertThat(Arithmetic.evaluate("17.85 % 4")).as("a remainder of decimals").isNull();
        assertThat(Arithmetic.evaluate("2^64 - 1")).as("more digits than the page writes").isNull();
        assertThat(Calculator.evaluate("2^64 - 1").value()).isEqualTo("18446744073709551615");
        assertThat(Calculator.evaluate("17.85 % 4").value()).isEqualTo("1.85");
    }

    /** Small numbers (some with decimals), the operators both know, signs and parentheses. */
    private static String expression(Random random, int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            String number = random.nextInt(4) == 0 ? random.nextInt(100) + "." + random.nextInt(100)
                    : Integer.toString(random.nextInt(1000));
            return random.nextInt(8) == 0 ? "-" + number : number;
        }
        String left = expression(random, depth - 1);
        return switch (random.nextInt(7)) {
            case 0 -> left + " + " + expression(random, depth - 1);
            case 1 -> left + " - " + expression(random, depth - 1);
            case 2 -> left + " * " + expression(random, depth - 1);
            case 3 -> left + " / " + expression(random, depth - 1);
            case 4 -> left + " % " + expression(random, depth - 1);
            case 5 -> "(" + left + ")^" + random.nextInt(4);
            default -> "(" + left + ")";
        };
    }
}
