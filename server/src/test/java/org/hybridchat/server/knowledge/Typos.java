package org.hybridchat.server.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One typing slip in a question, the same for the same seed: two neighbouring letters swapped,
 * one dropped or one doubled, in a word of five letters or more (shorter words are seldom
 * mistyped, and a slip there often makes another real word).
 */
final class Typos {
    static final int MIN_LETTERS = 5;

    private Typos() {
    }

    /** The question with one slip, or as it was when no word is long enough. */
    static String slip(String question, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] words = question.split(" ");
        List<Integer> long_words = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            if (words[i].codePoints().filter(Character::isLetter).count() >= MIN_LETTERS) {
                long_words.add(i);
            }
        }
        if (long_words.isEmpty()) {
            return question;
        }
        int w = long_words.get(random.nextInt(long_words.size()));
        String word = words[w];
        for (int attempt = 0; attempt < 20; attempt++) {
            int at = random.nextInt(word.length() - 1);
            String slipped = switch (random.nextInt(3)) {
                case 0 -> word.substring(0, at) + word.charAt(at + 1) + word.charAt(at) + word.substring(at + 2);
                case 1 -> word.substring(0, at) + word.substring(at + 1);
                default -> word.substring(0, at + 1) + word.charAt(at) + word.substring(at + 1);
            };
            if (!slipped.equals(word)) {
                words[w] = slipped;
                return String.join(" ", words);
            }
        }
        return question;
    }
}
