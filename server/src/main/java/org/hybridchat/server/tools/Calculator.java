package org.hybridchat.server.tools;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Exact arithmetic on what people type: integers of any size, decimals, + - * / % ^ (also × ÷ and
 * **), parentheses and signs. Sums, products and integer powers are exact; a quotient is exact
 * when it terminates and otherwise carries 40 significant digits, marked by {@link Result#exact()}.
 * A recursive-descent parser, one method per precedence level, lowest first; ^ binds right, as in
 * mathematics (2^3^2 = 2^9).
 */
public final class Calculator {
    /**
     * Every character an expression may hold, as a regex class that Java and JSON Schema's ECMA-262
     * read alike: ASCII digits and their separators, the operators, spaces, tabs and line breaks. The
     * calculate tool's schema declares it, so a model writing the call cannot quote "solve" with the sum.
     */
    public static final String CHARACTERS = "0-9.,_ \\t\\n\\r+\\-*/%^()\u00d7\u00f7\u2212";
    /** Longest result, in digits: 2^64 is 20 digits, 1000! about 2,568; a googolplex would never end. */
    public static final int MAX_DIGITS = 10_000;
    private static final MathContext INEXACT = new MathContext(40, RoundingMode.HALF_EVEN);
    private static final BigDecimal HUGE = new BigDecimal("1e300");

    /** The value and whether it is exact; {@code value} is plain digits, never e-notation. */
    public record Result(String value, boolean exact) {}

    /** Why an expression has no value, said so that the user can fix it. */
    public static final class CalculationException extends RuntimeException {
        CalculationException(String message) {
            super(message);
        }
    }

    private final String text;
    private int pos;
    private boolean exact = true;

    private Calculator(String text) {
        this.text = text;
    }

    /** Throws CalculationException with a reason ("Division by zero.") when there is no value. */
    public static Result evaluate(String expression) {
        if (expression.isBlank()) {
            throw new CalculationException("There is no expression to calculate.");
        }
        Calculator parser = new Calculator(expression);
        BigDecimal value = parser.sum();
        parser.skipSpaces();
        if (parser.pos != expression.length()) {
            throw parser.unreadable();
        }
        return new Result(plain(value), parser.exact);
    }

    private BigDecimal sum() {
        BigDecimal value = product();
        while (true) {
            if (take('+')) {
                value = checked(value.add(product()));
            } else if (take('-') || take('\u2212')) {
                value = checked(value.subtract(product()));
            } else {
                return value;
            }
        }
    }

    private BigDecimal product() {
        BigDecimal value = unary();
        while (true) {
            if (peekDoubleStar()) {
                return value; // "**" is a power, taken by power()
            } else if (take('*') || take('\u00d7')) {
                value = checked(value.multiply(unary()));
            } else if (take('/') || take('\u00f7')) {
                value = divide(value, unary());
            } else if (take('%')) {
                BigDecimal divisor = unary();
                if (divisor.signum() == 0) {
                    throw new CalculationException("Division by zero.");
                }
                value = value.remainder(divisor);
            } else {
                return value;
            }
        }
    }

    private BigDecimal unary() {
        if (take('-') || take('\u2212')) {
            return unary().negate();
        }
        if (take('+')) {
            return unary();
        }
        return power();
    }

    private BigDecimal power() {
        BigDecimal base = atom();
        skipSpaces();
        if (take('^') || takeDoubleStar()) {
            BigDecimal exponent = unary(); // right-associative: 2^3^2 = 2^(3^2)
            return raise(base, exponent);
        }
        return base;
    }

    private BigDecimal atom() {
        skipSpaces();
        if (take('(')) {
            BigDecimal value = sum();
            if (!take(')')) {
                throw new CalculationException("A parenthesis is not closed.");
            }
            return value;
        }
        int start = pos;
        while (pos < text.length() && (isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                || text.charAt(pos) == '_' || text.charAt(pos) == ',' && groupsThousands(pos))) {
            pos++;
        }
        String digits = text.substring(start, pos).replace("_", "").replace(",", "");
        if (digits.isEmpty()) {
            throw unreadable();
        }
        try {
            return new BigDecimal(digits);
        } catch (NumberFormatException e) {
            throw new CalculationException("'" + text.substring(start, pos) + "' is not a number.");
        }
    }

    /** A comma followed by exactly three digits groups thousands (1,000,000); any other comma does not. */
    private boolean groupsThousands(int comma) {
        int end = comma + 1;
        while (end < text.length() && isDigit(text.charAt(end))) {
            end++;
        }
        return end - comma - 1 == 3;
    }

    private BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
        if (divisor.signum() == 0) {
            throw new CalculationException("Division by zero.");
        }
        try {
            return checked(dividend.divide(divisor));
        } catch (ArithmeticException nonTerminating) {
            exact = false;
            return dividend.divide(divisor, INEXACT);
        }
    }

    private BigDecimal raise(BigDecimal base, BigDecimal exponent) {
        BigInteger whole;
        try {
            whole = exponent.stripTrailingZeros().toBigIntegerExact();
        } catch (ArithmeticException fractional) {
            throw new CalculationException("Only whole-number powers are exact; " + plain(exponent) + " is not one.");
        }
        if (base.signum() == 0 && whole.signum() < 0) {
            throw new CalculationException("Division by zero.");
        }
        // base^n has about n * log10|base| digits: refuse before computing rather than after
        BigDecimal magnitude = base.abs();
        double log10 = magnitude.compareTo(HUGE) < 0 ? Math.log10(magnitude.doubleValue())
                : magnitude.precision() - magnitude.scale();
        if (base.signum() != 0 && Math.abs(whole.doubleValue() * log10) > MAX_DIGITS) {
            throw tooLong();
        }
        BigDecimal value = checked(base.pow(whole.abs().intValueExact()));
        return whole.signum() < 0 ? divide(BigDecimal.ONE, value) : value;
    }

    private BigDecimal checked(BigDecimal value) {
        if (value.precision() > MAX_DIGITS || Math.abs((long) value.scale()) > MAX_DIGITS) {
            throw tooLong();
        }
        return value;
    }

    private static CalculationException tooLong() {
        return new CalculationException("The result would have more than " + MAX_DIGITS + " digits.");
    }

    private CalculationException unreadable() {
        skipSpaces();
        return pos >= text.length()
                ? new CalculationException("The expression ends too soon.")
                : new CalculationException("Cannot read the expression at '" + text.substring(pos, Math.min(
                        text.length(), pos + 10)) + "'.");
    }

    private boolean peekDoubleStar() {
        skipSpaces();
        return text.startsWith("**", pos);
    }

    private boolean takeDoubleStar() {
        if (text.startsWith("**", pos)) {
            pos += 2;
            return true;
        }
        return false;
    }

    private boolean take(char c) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    /** ASCII digits only, as {@link #CHARACTERS} says: other scripts' digits are not read as numbers. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Plain digits without trailing zeros after the point: 0.30, 3E+2 and 300 all read as people write them. */
    static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }
}
