package org.hybridchat.contract;

import java.util.List;

/**
 * The body of {@code POST /api/chat}: one new user message, in an existing session or (with a null
 * {@code sessionId}) in a new one that the server names; or, instead of a message, the user's
 * answers ({@link Resume}) to the interrupts the session's last run ended with.
 */
public record ChatRequest(String sessionId, String message, List<Resume> resume) {

    /** Longest message the server accepts, in UTF-16 chars: the model's context is far smaller anyway. */
    public static final int MAX_MESSAGE_LENGTH = 4000;

    public ChatRequest {
        resume = List.copyOf(resume);
    }

    /** A new message. */
    public ChatRequest(String sessionId, String message) {
        this(sessionId, message, List.of());
    }

    /**
     * Why {@code message} cannot be sent, or null when it can: it must hold at least one visible
     * character (not only white space, control or invisible format characters such as U+200B or a
     * byte order mark), be at most {@code maxLength} chars long, and be well-formed Unicode (no lone
     * surrogate, which no UTF-8 text can carry).
     */
    public static String refusal(String message, int maxLength) {
        if (message.length() > maxLength) {
            return "The message is longer than " + maxLength + " characters.";
        }
        boolean visible = false;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < message.length()
                    && Character.isLowSurrogate(message.charAt(i + 1))) {
                visible |= isVisible(Character.toCodePoint(c, message.charAt(++i)));
            } else if (Character.isSurrogate(c)) {
                return "The message is not well-formed Unicode: it has a lone surrogate at index " + i + ".";
            } else {
                visible |= isVisible(c);
            }
        }
        return visible ? null : "The message is empty: it has no visible character.";
    }

    private static boolean isVisible(int codePoint) {
        int type = Character.getType(codePoint);
        return !Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint)
                && type != Character.CONTROL && type != Character.FORMAT
                // the Hangul fillers and the blank Braille pattern are letters or symbols that show nothing
                && codePoint != 0x115F && codePoint != 0x1160
                && codePoint != 0x3164 && codePoint != 0xFFA0 && codePoint != 0x2800;
    }
}
