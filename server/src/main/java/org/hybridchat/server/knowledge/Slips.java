package org.hybridchat.server.knowledge;

/**
 * How many typing slips may separate what was typed from a word and still name it. Short words
 * forgive none: most four-letter strings are one slip from some acronym in FOLDOC, so a made-up
 * word would find one. The longer of the two decides, as a dropped letter shortens a word.
 */
final class Slips {
    static final int MIN_LETTERS_FOR_ONE = 5;
    static final int MIN_LETTERS_FOR_TWO = 10;

    private Slips() {
    }

    static int forgiven(String typed, String word) {
        int letters = Math.max(HeadwordKeys.letters(typed), HeadwordKeys.letters(word));
        return letters >= MIN_LETTERS_FOR_TWO ? 2 : letters >= MIN_LETTERS_FOR_ONE ? 1 : 0;
    }

    /** The most any word could forgive {@code typed}: one letter longer, if a letter was dropped. */
    static int mostForgiven(String typed) {
        return forgiven(typed + "x", "");
    }
}
