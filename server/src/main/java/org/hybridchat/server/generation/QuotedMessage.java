package org.hybridchat.server.generation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.hybridchat.contract.Json;

/**
 * The user's message as the pieces a quoted argument may be ({@link ToolCallGrammar#QUOTES_MESSAGE}):
 * runs of its words, compared as the JSON string content the call spells them in (escaped, unquoted).
 */
final class QuotedMessage {
    private final byte[] message;
    /** For each byte of {@code message}, the character of the user's message it spells (part of). */
    private final int[] characterAt;

    QuotedMessage(String message) {
        StringBuilder escaped = new StringBuilder();
        int[] characterAt = new int[16];
        int length = 0;
        for (int at = 0; at < message.length(); at += Character.charCount(message.codePointAt(at))) {
            int c = message.codePointAt(at);
            StringBuilder one = new StringBuilder();
            Json.quote(Character.toString(c), one);
            String spelt = one.substring(1, one.length() - 1);
            escaped.append(spelt);
            for (int b = spelt.getBytes(StandardCharsets.UTF_8).length; b > 0; b--) {
                if (length == characterAt.length) {
                    characterAt = Arrays.copyOf(characterAt, 2 * length);
                }
                characterAt[length++] = c;
            }
        }
        this.message = escaped.toString().getBytes(StandardCharsets.UTF_8);
        this.characterAt = Arrays.copyOf(characterAt, length);
    }

    /**
     * Whether {@code value}'s first {@code length} bytes are a piece of the message that starts where
     * a word starts (not inside one, not on a space) and, when {@code whole}, also ends where a quote
     * may end; while it is not whole, it must still be able to end within {@code maxLength} bytes. When
     * {@code characters} is not null, the piece holds only characters it allows, up to where it ends.
     */
    boolean hasPiece(byte[] value, int length, boolean whole, int maxLength, ToolCallGrammar.CharacterClass characters) {
        for (int start = 0; start + length <= message.length; start++) {
            int end = start + length;
            if (message[start] != ' ' && !insideWord(start) && Arrays.equals(message, start, end, value, 0, length)
                    && allowed(start, end, characters)
                    && (whole ? mayEndAt(end) : mayEndBy(start, end, maxLength, characters))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a quote may end at position {@code end}: where a word ends, not on a space, not inside
     * a JSON escape, and not on commas, colons, semicolons or question marks right after a word: in
     * "status: what does that mean?" the colon closes the asking, not the term ("C++" and "3DNow!"
     * keep their ends, and "?" alone can still be asked about).
     */
    private boolean mayEndAt(int end) {
        if (message[end - 1] == ' ' || insideWord(end) || insideEscape(end)) {
            return false;
        }
        int punctuation = end;
        while (punctuation > 0 && ",:;?".indexOf(message[punctuation - 1]) >= 0) {
            punctuation--;
        }
        return punctuation == end || punctuation == 0 || !isWordByte(message[punctuation - 1]);
    }

    /** Whether a quote begun at {@code start} and come to {@code end} can end within {@code maxLength} bytes. */
    private boolean mayEndBy(int start, int end, int maxLength, ToolCallGrammar.CharacterClass characters) {
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

    private boolean allowed(int from, int to, ToolCallGrammar.CharacterClass characters) {
        for (int at = from; characters != null && at < to; at++) {
            if (!characters.allows(characterAt[at])) {
                return false;
            }
        }
        return true;
    }

    /** Whether position {@code at} follows a backslash that escapes what comes next. */
    private boolean insideEscape(int at) {
        int backslashes = 0;
        while (at - backslashes > 0 && message[at - backslashes - 1] == '\\') {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Whether position {@code at} falls between two letters or digits of one word. */
    private boolean insideWord(int at) {
        return at > 0 && at < message.length && isWordByte(message[at - 1]) && isWordByte(message[at]);
    }

    /** A letter or digit, or a byte of a character beyond ASCII, which is taken to be one. */
    private static boolean isWordByte(byte b) {
        return (b & 0x80) != 0 || Character.isLetterOrDigit(b);
    }
}
