package org.hybridchat.server.generation;

import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The characters a {@code ^[...]+$} pattern allows, looked up once in a table of the Basic
 * Multilingual Plane; a table of all of Unicode would be 17 times larger for classes of digits
 * and operators, so characters beyond it (and the surrogates that would spell them) are refused.
 */
record CharacterClass(BitSet plane) {

    /** The one shape of {@code pattern} read: a string of the characters of one class, {@code ^[...]+$}. */
    private static final Pattern ONE_CLASS = Pattern.compile("\\^\\[((?:\\\\.|[^\\\\\\[\\]])+)]\\+\\$", Pattern.DOTALL);

    /** The characters of {@code tool}'s pattern; null for none. */
    static CharacterClass of(String tool, Object pattern) {
        if (pattern == null) {
            return null;
        }
        Matcher oneClass = ONE_CLASS.matcher(String.valueOf(pattern));
        if (!oneClass.matches()) {
            throw new IllegalArgumentException(tool + ": a pattern must be one character class, ^[...]+$: " + pattern);
        }
        Pattern characterClass = Pattern.compile("[" + oneClass.group(1) + "]");
        BitSet plane = new BitSet(0x10000);
        for (int c = 0; c < 0x10000; c++) {
            plane.set(c, !Character.isSurrogate((char) c)
                    && characterClass.matcher(String.valueOf((char) c)).matches());
        }
        CharacterClass characters = new CharacterClass(plane);
        if (!characters.allowsSomeOf(0, 0xFFFF, true)) {
            throw new IllegalArgumentException(tool + ": no value is made of " + pattern + " and not blank");
        }
        return characters;
    }

    boolean allows(int codePoint) {
        return codePoint < 0x10000 && plane.get(codePoint);
    }

    /**
     * Whether a character half read, so one of {@code from} to {@code to} by the bytes or hex
     * digits so far, can still be allowed (and not blank, when it must not leave the value blank).
     */
    boolean allowsSomeOf(int from, int to, boolean notBlank) {
        for (int c = plane.nextSetBit(from); c >= 0 && c <= to; c = plane.nextSetBit(c + 1)) {
            if (!notBlank || !Character.isWhitespace(c)) {
                return true;
            }
        }
        return false;
    }
}
