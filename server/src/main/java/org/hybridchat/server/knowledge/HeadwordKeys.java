package org.hybridchat.server.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The forms under which a headword is looked up. {@link #exact} keeps every character, so that
 * "C", "C++" and "C#" stay three entries; {@link #variant} forgives what people change when they
 * ask: case, plural, hyphens and surrounding punctuation ("Daemons", "e-mail", "'RTFM'").
 */
final class HeadwordKeys {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern WORD_BREAK = Pattern.compile("[\\s\\-_/]+");
    /** Punctuation at the ends of a word is the sentence's, except the + and # of "C++" and "C#". */
    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}+#]+$");
    // Only plurals: a full (Porter) stemmer would merge "computer", "computing" and "computation".
    private static final Analyzer SINGULAR = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
            Tokenizer words = new WhitespaceTokenizer();
            return new TokenStreamComponents(words, new EnglishMinimalStemFilter(words));
        }
    };

    private HeadwordKeys() {
    }

    static String exact(String headword) {
        return WHITESPACE.matcher(headword.strip().toLowerCase(Locale.ROOT)).replaceAll(" ");
    }

    static String variant(String headword) {
        StringBuilder bare = new StringBuilder();
        for (String word : WORD_BREAK.split(exact(headword))) {
            bare.append(EDGE_PUNCTUATION.matcher(word).replaceAll("")).append(' ');
        }
        List<String> words = new ArrayList<>();
        try (TokenStream singular = SINGULAR.tokenStream("", bare.toString())) {
            CharTermAttribute word = singular.addAttribute(CharTermAttribute.class);
            singular.reset();
            while (singular.incrementToken()) {
                words.add(word.toString());
            }
            singular.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(" ", words);
    }

    /** Letters and digits: the length that decides how many typing slips a key may forgive. */
    static int letters(String key) {
        return (int) key.codePoints().filter(Character::isLetterOrDigit).count();
    }

    /**
     * Optimal string alignment distance: insertions, deletions, substitutions and swaps of
     * neighbours each cost one, the slips people make when typing.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
