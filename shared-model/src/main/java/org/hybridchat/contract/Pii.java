package org.hybridchat.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Personal details that should not pass unnoticed, found the same way in both placements: the page
 * checks a message before it leaves the device, and the server filters what its model writes before
 * a reply is streamed or stored. Email addresses, phone numbers and payment card numbers, the last
 * confirmed by their Luhn check digit so that an order or invoice number rarely passes for one.
 * Scanned by hand rather than with regular expressions, which would add more to the page than this
 * whole class.
 *
 * <p>Phone numbers are runs of digits separated by single spaces, hyphens or parentheses: nine to
 * fifteen digits, or eight and more after a "+". A card number is 13 to 19 digits, grouped by spaces
 * or hyphens, with a valid check digit. Dots do not join digits, so versions, decimals and IP
 * addresses are left alone.
 */
public final class Pii {

    public enum Kind {
        EMAIL("[email]"), PHONE("[phone]"), CARD("[card]");

        private final String placeholder;

        Kind(String placeholder) {
            this.placeholder = placeholder;
        }

        public String placeholder() {
            return placeholder;
        }
    }

    /** {@code text.substring(start, end)} is of this kind. */
    public record Finding(Kind kind, int start, int end) {}

    private Pii() {}

    /** What {@code text} holds, in order of position. */
    public static List<Finding> find(String text) {
        List<Finding> findings = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int next = i + 1;
            Finding found = null;
            if (startsNumber(text, i)) {
                next = numberEnd(text, i); // a number that is neither is skipped whole, not in parts
                found = number(text, i, next);
            }
            if (found == null && isLocalChar(text.charAt(i)) && (i == 0 || !isLocalChar(text.charAt(i - 1)))) {
                found = email(text, i);
            }
            if (found != null) {
                findings.add(found);
                next = found.end();
            }
            i = next;
        }
        return findings;
    }

    /** {@code text} with each finding replaced by its placeholder, e.g. "[email]". */
    public static String redact(String text, List<Finding> findings) {
        StringBuilder redacted = new StringBuilder();
        int from = 0;
        for (Finding finding : findings) {
            redacted.append(text, from, finding.start()).append(finding.kind().placeholder());
            from = finding.end();
        }
        return redacted.append(text.substring(from)).toString();
    }

    // ---- email: local@domain.tld

    private static Finding email(String text, int start) {
        int at = start;
        while (at < text.length() && isLocalChar(text.charAt(at))) {
            at++;
        }
        if (at == start || at >= text.length() || text.charAt(at) != '@') {
            return null;
        }
        int end = at + 1;
        while (end < text.length() && (isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '.'
                || text.charAt(end) == '-')) {
            end++;
        }
        while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
            end--; // "write to ada@example.org." ends the sentence, not the domain
        }
        String domain = text.substring(at + 1, end);
        int dot = domain.lastIndexOf('.');
        if (dot <= 0 || domain.length() - dot - 1 < 2 || domain.contains("..")) {
            return null;
        }
        for (int i = dot + 1; i < domain.length(); i++) {
            if (isDigit(domain.charAt(i))) {
                return null; // a top-level domain is letters
            }
        }
        return new Finding(Kind.EMAIL, start, end);
    }

    private static boolean isLocalChar(char c) {
        return isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    // ---- phone and card numbers

    private static boolean startsNumber(String text, int i) {
        char before = i == 0 ? ' ' : text.charAt(i - 1);
        if (isLetterOrDigit(before) || before == '.' || before == ',' || before == '+') {
            return false; // inside a word, a decimal or a longer number
        }
        char c = text.charAt(i);
        boolean opener = (c == '+' || c == '(') && i + 1 < text.length() && isDigit(text.charAt(i + 1));
        return isDigit(c) || opener;
    }

    /** Where the run of digits and single separators that starts at {@code start} ends. */
    private static int numberEnd(String text, int start) {
        int end = start;
        int i = text.charAt(start) == '+' || text.charAt(start) == '(' ? start + 1 : start;
        while (i < text.length()) {
            if (isDigit(text.charAt(i))) {
                end = ++i;
                continue;
            }
            int separators = i;
            while (separators < text.length() && separators - i < 2 && " -()".indexOf(text.charAt(separators)) >= 0) {
                separators++;
            }
            if (separators == i || separators >= text.length() || !isDigit(text.charAt(separators))) {
                break;
            }
            i = separators;
        }
        return end;
    }

    /** The card or phone number that {@code text.substring(start, end)} is, or null. */
    private static Finding number(String text, int start, int end) {
        if (end < text.length() && (isLetterOrDigit(text.charAt(end))
                || (text.charAt(end) == '.' || text.charAt(end) == ',') && end + 1 < text.length()
                && isDigit(text.charAt(end + 1)))) {
            return null; // part of a word or a decimal number
        }
        StringBuilder digits = new StringBuilder();
        boolean cardSeparators = true; // only spaces and hyphens between the digits
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                digits.append(c);
            } else {
                cardSeparators &= c == ' ' || c == '-';
            }
        }
        int n = digits.length();
        if (n >= 13 && n <= 19 && cardSeparators && luhn(digits)) {
            return new Finding(Kind.CARD, start, end);
        }
        boolean international = text.charAt(start) == '+';
        if (n <= 15 && (n >= 9 || international && n >= 8)) {
            return new Finding(Kind.PHONE, start, end);
        }
        return null;
    }

    /** The Luhn check: from the right, every second digit doubled (minus 9 if over 9); the sum ends in 0. */
    static boolean luhn(CharSequence digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** ASCII letters and digits, and every non-ASCII character as a letter (José, Zoë). */
    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c > 127;
    }
}
