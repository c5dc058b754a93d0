package org.hybridchat.client.route;

/**
 * Arithmetic typed as a message ("12.5 * (3 + 4)", "what is 2^10?"): + - * / % ^, parentheses, a
 * leading minus, decimals, and × ÷ as typed on phones. A recursive-descent parser, one method per
 * precedence level, lowest first.
 */
public final class Arithmetic {

    /**
     * A double carries about 16 significant digits and the page shows 10, so a result more than this
     * much smaller than the largest number met on the way (0.1 * 3 - 0.3) may show digits that are
     * rounding error: such a sum is left to the server, which calculates exactly.
     */
    private static final double CANCELLATION = 1e-5;
    /** The page writes ten significant digits: a result this large has more, which the server writes in full. */
    private static final double TEN_DIGITS = 1e10;
    /** Integers below this are exact in a double. */
    private static final double EXACT_INTEGERS = 9007199254740992.0;

    private final String text;
    private int pos;
    private int operators;
    private double largest;
    private boolean integers = true;

    private Arithmetic(String text) {
        this.text = text;
    }

    /**
     * The value of {@code expression}, or null when it is not arithmetic: it must be all numbers,
     * operators and parentheses, with at least one operator ("42" alone is not a sum).
     */
    public static Double evaluate(String expression) {
        Arithmetic parser = new Arithmetic(expression);
        try {
            double value = parser.sum();
            parser.skipSpaces();
            if (parser.pos != expression.length() || parser.operators == 0) {
                return null;
            }
            // digits that doubles cannot settle are the server's to answer, exactly
            boolean trusted = value == 0 ? parser.integers
                    : Math.abs(value) >= parser.largest * CANCELLATION && Math.abs(value) < TEN_DIGITS
                            && roundsClearly(value);
            return trusted ? value : null;
        } catch (IllegalArgumentException notArithmetic) {
            return null;
        }
    }

    /**
     * {@code value} as a person writes it: to at most ten significant digits, so 0.1 + 0.2 reads 0.3,
     * without trailing zeros, and in e-notation when very large or small. Null for no number (1/0).
     * By hand rather than Double.toString or String.format, which would add kilobytes to the page.
     */
    public static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        String sign = value < 0 ? "-" : "";
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e15)) {
            int exponent = (int) Math.floor(Math.log10(magnitude));
            return sign + decimal(magnitude / Math.pow(10, exponent)) + "e" + exponent;
        }
        return sign + decimal(magnitude);
    }

    /**
     * Whether {@link #format}'s ten digits are the exact value's: false when the value sits so near
     * a halfway point of the tenth digit (2.25 shown to one decimal) that a double's error in the last
     * places could round it either way, as in 603 * 26.15 * -31365.
     */
    static boolean roundsClearly(double value) {
        double magnitude = Math.abs(value);
        if (magnitude == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return true;
        }
        double scaled = magnitude * Math.pow(10, 9 - Math.floor(Math.log10(magnitude)));
        return Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-3;
    }

    /** {@code magnitude}, 0 or in [1e-6, 1e15), to ten significant digits. */
    private static String decimal(double magnitude) {
        if (magnitude == 0) {
            return "0";
        }
        int decimals = Math.max(0, 9 - (int) Math.floor(Math.log10(magnitude)));
        String digits = Long.toString(Math.round(magnitude * Math.pow(10, decimals)));
        while (digits.length() <= decimals) {
            digits = "0" + digits;
        }
        int end = digits.length();
        while (end > digits.length() - decimals && digits.charAt(end - 1) == '0') {
            end--;
        }
        String whole = digits.substring(0, digits.length() - decimals);
        return end > whole.length() ? whole + "." + digits.substring(whole.length(), end) : whole;
    }

    private double sum() {
        double value = product();
        while (true) {
            if (take('+')) {
                value = seen(value + product());
            } else if (take('-')) {
                value = seen(value - product());
            } else {
                return value;
            }
        }
    }

    private double product() {
        double value = unary();
        while (true) {
            if (take('*') || take('×')) {
                value = seen(value * unary());
            } else if (take('/') || take('÷')) {
                value = seen(value / unary());
            } else if (take('%')) {
                double divisor = unary();
                // of decimals, a remainder magnifies the error of their binary form by the quotient
                if (!isExactInteger(value) || !isExactInteger(divisor)) {
                    throw new IllegalArgumentException("a remainder of decimals");
                }
                value = seen(value % divisor);
            } else {
                return value;
            }
        }
    }

    /** A sign binds looser than a power, as in mathematics and the server's calculator: -2^2 is -4. */
    private double unary() {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == '-') {
            pos++;
            return -unary();
        }
        return power();
    }

    /** Right-associative: 2^3^2 is 2^9; the exponent may carry a sign: 2^-1 is 0.5. */
    private double power() {
        double base = primary();
        return take('^') ? seen(Math.pow(base, unary())) : base;
    }

    private double primary() {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == '(') {
            pos++;
            double value = sum();
            if (!take(')')) {
                throw new IllegalArgumentException("unclosed parenthesis");
            }
            return value;
        }
        return number();
    }

    /**
     * Digits with at most one decimal point, read as one integer divided by a power of ten: a single
     * rounding, so "0.1" is the double nearest 0.1, without the weight of a general float parser.
     */
    private double number() {
        long digits = 0;
        int count = 0;
        int decimals = -1; // digits after the point, or -1 before one
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '.' && decimals < 0) {
                decimals = 0;
            } else if (c >= '0' && c <= '9' && count < 18) {
                digits = digits * 10 + (c - '0');
                count++;
                decimals += decimals >= 0 ? 1 : 0;
            } else {
                break;
            }
            pos++;
        }
        if (count == 0) {
            throw new IllegalArgumentException("expected a number at " + pos);
        }
        return seen(decimals <= 0 ? digits : digits / Math.pow(10, decimals));
    }

    /** Notes the magnitude of a number or intermediate result, for telling noise from a small answer. */
    private double seen(double value) {
        if (Math.abs(value) > largest && !Double.isInfinite(value)) {
            largest = Math.abs(value);
        }
        integers &= isExactInteger(value);
        return value;
    }

    private static boolean isExactInteger(double value) {
        return value == Math.floor(value) && Math.abs(value) < EXACT_INTEGERS;
    }

    private boolean take(char operator) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == operator) {
            pos++;
            if (operator != '(' && operator != ')') {
                operators++;
            }
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }
}
