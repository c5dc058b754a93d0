package org.hybridchat.server.generation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.hybridchat.contract.Json;

/**
 * The user's message as the pieces a quoted argument may be ({@link ToolCallGrammar#QUOTES_MESSAGE}):
 * runs of its words, compared as the JSON string content the call spells them in (escaped, unquoted).
 * A piece begins and ends between characters, never inside a character's bytes or its escape.
 */
final class QuotedMessage {
    private final byte[] message;
    /** For each byte of {@code message}, the character of the user's message it spells (part of). */
    private final int[] characterAt;
    /** For each position in {@code message}, whether a character's spelling starts there (true at the end). */
    private final boolean[] boundary;

    QuotedMessage(String message) {
        StringBuilder escaped = new StringBuilder();
        int[] characterAt = new int[16];
        boolean[] boundary = new boolean[17];
        int length = 0;
        for (int at = 0; at < message.length(); at += Character.charCount(message.codePointAt(at))) {
            int c = message.codePointAt(at);
            StringBuilder one = new StringBuilder();
            Json.quote(Character.toString(c), one);
            String spelt = one.substring(1, one.length() - 1);
            escaped.append(spelt);
            int bytes = spelt.getBytes(StandardCharsets.UTF_8).length;
            if (length + bytes >= characterAt.length) {
                characterAt = Arrays.copyOf(characterAt, 2 * (length + bytes));
                boundary = Arrays.copyOf(boundary, 2 * (length + bytes) + 1);
            }
            boundary[length] = true;
            Arrays.fill(characterAt, length, length + bytes, c);
            length += bytes;
        }
        boundary[length] = true;
        this.message = escaped.toString().getBytes(StandardCharsets.UTF_8);
        this.characterAt = Arrays.copyOf(characterAt, length);
        this.boundary = Arrays.copyOf(boundary, length + 1);
    }

    /**
     * Whether {@code value}'s first {@code length} bytes are a piece of the message that starts where
     * a word starts (not inside one, not on a blank) and, when {@code whole}, also ends where a quote
     * may end; while it is not whole, it must still be able to end within {@code maxLength} bytes. When
     * {@code characters} is not null, the piece holds only characters it allows, up to where it ends.
     */
    boolean hasPiece(byte[] value, int length, boolean whole, int maxLength, CharacterClass characters) {
        for (int start = 0; start + Math.max(length, 1) <= message.length; start++) {
            int end = start + length;
            if (boundary[start] && !Character.isWhitespace(characterAt[start]) && !insideWord(start)
                    && Arrays.equals(message, start, end, value, 0, length)
                    && allowed(start, end, characters)
                    && (whole ? mayEndAt(end) : mayEndBy(start, end, maxLength, characters))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a quote may end at position {@code end}: where a word ends, not on a blank, and not on
     * commas, colons, semicolons or question marks right after a word: in "status: what does that
     * mean?" the colon closes the asking, not the term ("C++" and "3DNow!" keep their ends, and "?"
     * alone can still be asked about).
     */
    private boolean mayEndAt(int end) {
        if (!boundary[end] || Character.isWhitespace(characterAt[end - 1]) || insideWord(end)) {
            return false;
        }
        int punctuation = end;
        while (punctuation > 0 && ",:;?".indexOf(characterAt[punctuation - 1]) >= 0) {
            punctuation--;
        }
        return punctuation == end || punctuation == 0 || !Character.isLetterOrDigit(characterAt[punctuation - 1]);
    }

    /** Whether a quote begun at {@code start} and come to {@code end} can end within {@code maxLength} bytes. */
    private boolean mayEndBy(int start, int end, int maxLength, CharacterClass characters) {
        for (int at = Math.max(end, start + 1); at <= message.length && at - start <= maxLength; at++) {
            if (!allowed(at - 1, at, characters)) {
                return false;
            }
            if (mayEndAt(at)) {
                return true;
            }
        }
        return false;
    }

    private boolean allowed(int from, int to, CharacterClass characters) {
        for (int at = from; characters != null && at < to; at++) {
            if (!characters.allows(characterAt[at])) {
                return false;
            }
        }
        return true;
    }

    /** Whether position {@code at}, between two characters, falls between two letters or digits of one word. */
    private boolean insideWord(int at) {
        return at > 0 && at < message.length && Character.isLetterOrDigit(characterAt[at - 1])
                && Character.isLetterOrDigit(characterAt[at]);
    }
}
