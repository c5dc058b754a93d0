package org.hybridchat.server.dictionaries;

/** The start of a text for quoting: cut near a length at a sentence's end, or else at a word's, marked. */
public final class Excerpt {

    private Excerpt() {
    }

    /**
     * {@code text} whole if it fits in {@code maxChars}; else its sentences up to there, when they
     * make at least a third of it; else its words up to there and {@code ellipsis}.
     */
    public static String of(String text, int maxChars, String ellipsis) {
        if (text.length() <= maxChars) {
            return text;
        }
        String head = text.substring(0, maxChars);
        int sentenceEnd = head.lastIndexOf(". ");
        if (sentenceEnd > maxChars / 3) {
            return head.substring(0, sentenceEnd + 1);
        }
        int wordEnd = head.lastIndexOf(' ');
        return (wordEnd > 0 ? head.substring(0, wordEnd) : head) + ellipsis;
    }
}
