package org.hybridchat.server.knowledge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Questions about headwords, asked as people ask, and how often the index finds the entry.
 * Headwords are split by the hash of their lower-case form into 20 buckets: bucket 0 is held out
 * (measured, never looked at while tuning), bucket 1 was the one tuned on.
 */
final class RetrievalEvaluation {
    static final int BUCKETS = 20;
    static final int HELD_OUT = 0;
    static final int TUNING = 1;
    static final List<String> TEMPLATES = List.of(
            "what is %s?", "explain %s", "what does %s mean?", "tell me about %s", "%s?", "define %s",
            "explain what %s means");
    /** Phrasings the question parser was not written for: how it does on what it has not seen. */
    static final List<String> UNSEEN_TEMPLATES = List.of(
            "what's %s?", "give me the definition of %s", "can you describe %s", "I'd like to know about %s",
            "%s meaning");

    record Figures(int questions, int top1, int top5, int defined, int definedWrongly) {
        double recallAt1() {
            return (double) top1 / questions;
        }

        double recallAt5() {
            return (double) top5 / questions;
        }

        /** Share of questions where define gave an entry that is not the one asked about. */
        double wrongDefinitions() {
            return (double) definedWrongly / questions;
        }

        String row(String name) {
            return String.format(Locale.ROOT, "%-22s %6d  %6.1f%%  %6.1f%%  %6.1f%%  %6.1f%%", name, questions,
                    100 * recallAt1(), 100 * recallAt5(), 100.0 * defined / questions, 100 * wrongDefinitions());
        }

        static String header() {
            return String.format(Locale.ROOT, "%-22s %6s  %7s  %7s  %7s  %7s", "", "asked", "R@1", "R@5",
                    "defined", "wrong");
        }
    }

    private final KnowledgeIndex index;

    RetrievalEvaluation(KnowledgeIndex index) {
        this.index = index;
    }

    static boolean inBucket(Entry entry, int bucket) {
        return Math.floorMod(HeadwordKeys.exact(entry.headword()).hashCode(), BUCKETS) == bucket;
    }

    /** Headwords people could type and ask about: with a letter in them. */
    static List<String> askable(List<Entry> entries, int bucket) {
        return entries.stream().filter(entry -> inBucket(entry, bucket)).map(Entry::headword)
                .filter(headword -> headword.codePoints().anyMatch(Character::isLetter)).distinct().toList();
    }

    /** Every template about every headword, with one seeded slip when {@code typos}. */
    static List<String[]> questions(List<String> headwords, boolean typos) {
        return questions(headwords, TEMPLATES, typos);
    }

    static List<String[]> questions(List<String> headwords, List<String> templates, boolean typos) {
        List<String[]> questions = new ArrayList<>();
        for (String headword : headwords) {
            for (String template : templates) {
                String question = template.formatted(headword);
                if (typos) {
                    String slipped = Typos.slip(question, question.hashCode() * 31L + 7);
                    if (slipped.equals(question)) {
                        continue;
                    }
                    question = slipped;
                }
                questions.add(new String[] {headword, question});
            }
        }
        return questions;
    }

    Figures measure(List<String[]> questions) {
        int top1 = 0;
        int top5 = 0;
        int defined = 0;
        int wrong = 0;
        for (String[] asked : questions) {
            Predicate<Entry> right = entry -> entry.headwords().stream()
                    .anyMatch(headword -> HeadwordKeys.exact(headword).equals(HeadwordKeys.exact(asked[0])));
            List<Hit> hits = index.search(asked[1], 5);
            if (!hits.isEmpty() && right.test(hits.getFirst().entry())) {
                top1++;
            } else if (System.getProperty("knowledge.debug") != null) { // -DargLine=-Dknowledge.debug=1
                System.out.println("MISS " + asked[0] + " | " + asked[1] + " -> "
                        + hits.stream().limit(3).map(h -> h.entry().headword() + "/" + h.match()).toList());
            }
            if (hits.stream().map(Hit::entry).anyMatch(right)) {
                top5++;
            }
            // What define answers, without asking twice: the first hit, when it names an entry.
            if (!hits.isEmpty() && hits.getFirst().match().namesTheEntry()) {
                defined++;
                if (!right.test(hits.getFirst().entry())) {
                    wrong++;
                }
            }
        }
        return new Figures(questions.size(), top1, top5, defined, wrong);
    }

    /**
     * Words that look like computing terms and are not headwords: "florbix quantulator". Each is
     * pronounceable, one or two words of two to four syllables.
     */
    static List<String> madeUpTerms(List<Entry> entries, int count, long seed) {
        Set<String> headwords = new HashSet<>();
        entries.forEach(entry -> entry.headwords().forEach(headword -> headwords.add(HeadwordKeys.variant(headword))));
        String[] onsets = {"b", "br", "d", "fl", "g", "k", "kr", "l", "m", "n", "p", "pl", "qu", "r", "s", "st", "t",
                "tr", "v", "z"};
        String[] vowels = {"a", "e", "i", "o", "u", "ou", "ia"};
        String[] codas = {"", "", "n", "x", "r", "m", "s", "t", "lk"};
        SplittableRandom random = new SplittableRandom(seed);
        List<String> terms = new ArrayList<>();
        while (terms.size() < count) {
            List<String> words = new ArrayList<>();
            for (int w = 1 + random.nextInt(2); w > 0; w--) {
                StringBuilder word = new StringBuilder();
                for (int s = 2 + random.nextInt(3); s > 0; s--) {
                    word.append(onsets[random.nextInt(onsets.length)]).append(vowels[random.nextInt(vowels.length)])
                            .append(codas[random.nextInt(codas.length)]);
                }
                words.add(word.toString());
            }
            String term = String.join(" ", words);
            if (!headwords.contains(HeadwordKeys.variant(term))) {
                terms.add(term);
            }
        }
        return terms;
    }
}
