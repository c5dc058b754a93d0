package org.hybridchat.server.knowledge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a question asks about: "what is a compiler?" asks about "compiler", "what does RTFM stand
 * for?" about "RTFM".
 *
 * <p>A headword may itself begin or end with such phrasing ("Do What I Mean"), so every way of
 * cutting the phrasing off is kept as a candidate, longest first, and the index tries them all.
 * Phrasing is recognised with one slip in a long word ("expalin", "abut"), but a word recognised
 * only that way may be part of the term instead ("colud computing" is not "could computing"): the
 * candidates that needed such a guess are {@link #guessed}, tried after the {@link #sure} ones.
 */
record Question(List<String> sure, List<String> guessed) {
    /** Words that lead up to the term. */
    private static final Set<String> LEADING = Set.of(
            "what", "what's", "whats", "is", "are", "was", "were", "does", "do", "did", "who", "who's",
            "explain", "describe", "define", "definition", "meaning", "meant", "by", "of", "tell", "me",
            "about", "please", "can", "could", "would", "you", "a", "an", "the", "i", "know", "give",
            "term", "word", "acronym", "abbreviation", "means", "mean");
    /** Words that follow it: "... stand for?", "... mean?", "explain what X is". */
    private static final Set<String> TRAILING = Set.of(
            "mean", "means", "meant", "stand", "stands", "for", "is", "refer", "refers", "to", "please");
    /** Phrasing words long and distinctive enough to be recognised through a slip. */
    private static final Set<String> RECOGNISED_MISSPELT = Set.of(
            "explain", "describe", "define", "definition", "meaning", "about", "means", "stands");

    private enum Match { NO, YES, WITH_A_SLIP }

    static Question of(String text) {
        String[] words = Arrays.stream(text.strip().split("\\s+"))
                // A sentence's closing punctuation and quotes around the term are not part of it.
                .map(word -> word.replaceAll("^[\"'`“‘(]+|[\"'`”’)?!.,;:]+$", ""))
                .filter(word -> !word.isEmpty()).toArray(String[]::new);
        List<String> sure = new ArrayList<>();
        List<String> guessed = new ArrayList<>();
        boolean leadGuessed = false;
        for (int start = 0; start < Math.max(words.length, 1); start++) {
            boolean trailGuessed = false;
            for (int end = words.length; end > start; end--) {
                (leadGuessed || trailGuessed ? guessed : sure)
                        .add(String.join(" ", Arrays.copyOfRange(words, start, end)));
                Match trailing = match(words[end - 1], TRAILING);
                if (trailing == Match.NO) {
                    break;
                }
                trailGuessed |= trailing == Match.WITH_A_SLIP;
            }
            Match leading = start < words.length - 1 ? match(words[start], LEADING) : Match.NO;
            if (leading == Match.NO) {
                break;
            }
            leadGuessed |= leading == Match.WITH_A_SLIP;
        }
        if (sure.isEmpty() && guessed.isEmpty()) {
            sure.add(text.strip());
        }
        sure.sort(Comparator.comparingInt(String::length).reversed());
        guessed.sort(Comparator.comparingInt(String::length).reversed());
        return new Question(List.copyOf(sure), List.copyOf(guessed));
    }

    /** The term with all the phrasing around it removed: what the text of entries is searched for. */
    String term() {
        return guessed.isEmpty() ? sure.getLast()
                : sure.getLast().length() < guessed.getLast().length() ? sure.getLast() : guessed.getLast();
    }

    private static Match match(String word, Set<String> phrasing) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (phrasing.contains(lower)) {
            return Match.YES;
        }
        boolean slip = RECOGNISED_MISSPELT.stream().anyMatch(known -> phrasing.contains(known)
                && Slips.forgiven(lower, known) >= HeadwordKeys.distance(lower, known));
        return slip ? Match.WITH_A_SLIP : Match.NO;
    }
}
