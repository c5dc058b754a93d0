package org.hybridchat.client.route;

/**
 * Arithmetic typed as a message ("12.5 * (3 + 4)", "what is 2^10?"): + - * / % ^, parentheses, a
 * leading minus, decimals, and × ÷ as typed on phones. A recursive-descent parser, one method per
 * precedence level, lowest first.
 */
final class Arithmetic {

    private final String text;
    private int pos;
    private int operators;

    private Arithmetic(String text) {
        this.text = text;
    }

    /**
     * The value of {@code expression}, or null when it is not arithmetic: it must be all numbers,
     * operators and parentheses, with at least one operator ("42" alone is not a sum).
     */
    static Double evaluate(String expression) {
        Arithmetic parser = new Arithmetic(expression);
        try {
            double value = parser.sum();
            parser.skipSpaces();
            return parser.pos == expression.length() && parser.operators > 0 ? value : null;
        } catch (IllegalArgumentException notArithmetic) {
            return null;
        }
    }

    /**
     * {@code value} as a person writes it: to at most ten significant digits, so 0.1 + 0.2 reads 0.3,
     * without trailing zeros, and in e-notation when very large or small. Null for no number (1/0).
     * By hand rather than Double.toString or String.format, which would add kilobytes to the page.
     */
    static String format(double value) {
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
                value += product();
            } else if (take('-')) {
                value -= product();
            } else {
                return value;
            }
        }
    }

    private double product() {
        double value = power();
        while (true) {
            if (take('*') || take('×')) {
                value *= power();
            } else if (take('/') || take('÷')) {
                value /= power();
            } else if (take('%')) {
                value %= power();
            } else {
                return value;
            }
        }
    }

    /** Right-associative: 2^3^2 is 2^9. */
    private double power() {
        double base = unary();
        return take('^') ? Math.pow(base, power()) : base;
    }

    private double unary() {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == '-') {
            pos++;
            return -unary();
        }
        return primary();
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
        return decimals <= 0 ? digits : digits / Math.pow(10, decimals);
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
