package org.hybridchat.client.suggest;

import java.util.ArrayList;
import java.util.List;

/**
 * How the suggestion model sees text: lower-case words (letters and inner apostrophes) in runs that
 * belong together. The trainer and the browser both split text here, so a word typed on the page
 * matches the word counted in the corpus.
 *
 * <p>Spaces, single line breaks and hyphens join words into a run; anything else (punctuation,
 * digits, a blank line, a letter outside ASCII) ends it, because the word after a full stop or a
 * number is not predicted by the word before it.
 */
public final class Words {

    private Words() {}

    /**
     * The runs of {@code text}, in order. The last run is empty when the text ends after a break,
     * so the last run of {@code "It is."} has no words to predict from.
     */
    public static List<List<String>> runs(String text) {
        List<List<String>> runs = new ArrayList<>();
        List<String> run = new ArrayList<>();
        runs.add(run);
        StringBuilder word = new StringBuilder();
        int newlines = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isWordChar(c)) {
                word.append(normalize(c));
                newlines = 0;
                continue;
            }
            addWord(run, word);
            if (c == '\n') {
                newlines++;
            }
            boolean joins = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '-';
            if ((!joins || newlines >= 2) && !run.isEmpty()) {
                run = new ArrayList<>();
                runs.add(run);
            }
            if (!joins) {
                newlines = 0;
            }
        }
        addWord(run, word);
        return runs;
    }

    /** The words of the last run of {@code text}: what a suggestion may condition on. */
    public static List<String> lastRun(String text) {
        List<List<String>> runs = runs(text);
        return runs.get(runs.size() - 1);
    }

    public static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'' || c == '\u2019';
    }

    /** Lower case, with the typographic apostrophe as ASCII; {@code s} holds word characters only. */
    public static String normalize(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(normalize(s.charAt(i)));
        }
        return out.toString();
    }

    private static char normalize(char c) {
        if (c == '\u2019') {
            return '\'';
        }
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    // Apostrophes at the edges are quotation marks ('like this'), not part of the word.
    private static void addWord(List<String> run, StringBuilder word) {
        int start = 0;
        int end = word.length();
        while (start < end && word.charAt(start) == '\'') {
            start++;
        }
        while (end > start && word.charAt(end - 1) == '\'') {
            end--;
        }
        if (start < end) {
            run.add(word.substring(start, end));
        }
        word.setLength(0);
    }
}
