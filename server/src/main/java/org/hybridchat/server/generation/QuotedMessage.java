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

    QuotedMessage(String message) {
        StringBuilder escaped = new StringBuilder();
        Json.quote(message, escaped);
        this.message = escaped.substring(1, escaped.length() - 1).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code value}'s first {@code length} bytes are a piece of the message that starts where
     * a word starts (not inside one, not on a space) and, when {@code whole}, also ends where a quote
     * may end; while it is not whole, it must still be able to end within {@code maxLength} bytes.
     */
    boolean hasPiece(byte[] value, int length, boolean whole, int maxLength) {
        for (int start = 0; start + length <= message.length; start++) {
            int end = start + length;
            if (message[start] != ' ' && !insideWord(start) && Arrays.equals(message, start, end, value, 0, length)
                    && (whole ? mayEndAt(end) : mayEndBy(start, end, maxLength))) {
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
    private boolean mayEndBy(int start, int end, int maxLength) {
        for (int at = Math.max(end, start + 1); at <= message.length && at - start <= maxLength; at++) {
            if (mayEndAt(at)) {
                return true;
            }
        }
        return false;
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
