package org.hybridchat.client.suggest;

import java.util.Arrays;

/**
 * The characters the model tells apart, and how any other character maps onto them: the trainer reads
 * its text through this class and the browser reads the typed text through it, so both see the same
 * symbols. Letters fold to lower case, white space to a space, typographic quotes to ASCII ones; what
 * is still not in the alphabet becomes its last symbol, "anything else".
 */
public final class Alphabet {

    private final String symbols;
    private final int[] ids = new int[128]; // ASCII code -> id

    /** {@code symbols}: distinct ASCII characters, the last of them standing for all others. */
    public Alphabet(String symbols) {
        if (symbols.length() < 2) {
            throw new IllegalArgumentException("an alphabet needs a symbol and 'anything else'");
        }
        this.symbols = symbols;
        Arrays.fill(ids, -1);
        for (int id = 0; id < symbols.length(); id++) {
            char c = symbols.charAt(id);
            if (c >= ids.length || ids[c] >= 0) {
                throw new IllegalArgumentException("alphabet symbols must be distinct ASCII: '" + symbols + "'");
            }
            ids[c] = id;
        }
        for (int c = 0; c < ids.length; c++) {
            if (ids[c] < 0) {
                ids[c] = symbols.length() - 1;
            }
        }
    }

    public int size() {
        return symbols.length();
    }

    public String symbols() {
        return symbols;
    }

    public char symbol(int id) {
        return symbols.charAt(id);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Alphabet alphabet && alphabet.symbols.equals(symbols);
    }

    @Override
    public int hashCode() {
        return symbols.hashCode();
    }

    @Override
    public String toString() {
        return symbols;
    }

    public int id(char c) {
        if (c >= 'A' && c <= 'Z') {
            c = (char) (c + ('a' - 'A'));
        } else if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        } else if (c == '\u2018' || c == '\u2019') {
            c = '\'';
        } else if (c == '\u201c' || c == '\u201d') {
            c = '"';
        }
        return c < ids.length ? ids[c] : symbols.length() - 1;
    }
}
