package org.hybridchat.client.suggest.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hybridchat.client.suggest.NgramModel;
import org.hybridchat.client.suggest.NgramModel.Followers;
import org.hybridchat.client.suggest.Words;

/**
 * Trains the browser's suggestion model: counts words, word pairs and word triples in plain UTF-8
 * text and keeps the most useful counts, small enough to ship with the page.
 *
 * <pre>
 *   java -cp client-web/target/classes org.hybridchat.client.suggest.training.NgramTrainer OUT.bin [TEXT...]
 * </pre>
 * reads the TEXT files (standard input if none); {@code bin/train-browser-model} runs it on FOLDOC and
 * the Jargon File. Runs on the JVM only: nothing in the page refers to it, so TeaVM leaves it out.
 */
public final class NgramTrainer {

    /**
     * How much to keep. A count below {@code minCount} is mostly noise (typos, one-off names), and
     * beyond a few followers per context the page would rarely show them: one ghost word at a time.
     */
    public record Limits(int vocabulary, int minCount, int followersPerContext) {
        public static final Limits SHIPPED = new Limits(3000, 5, 3);
    }

    private NgramTrainer() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: NgramTrainer OUT.bin [TEXT...]   (reads standard input if no TEXT)");
            System.exit(2);
        }
        StringBuilder text = new StringBuilder();
        if (args.length == 1) {
            text.append(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        }
        for (int i = 1; i < args.length; i++) {
            text.append(Files.readString(Path.of(args[i]))).append("\n\n");
        }
        NgramModel model = train(plainText(text.toString()), Limits.SHIPPED);
        byte[] bytes = model.toBytes();
        Files.write(Path.of(args[0]), bytes);
        System.out.printf("%s: %d words, %d follower lists, %d bytes%n",
                args[0], model.vocabularySize(), model.followerLists(), bytes.length);
    }

    /**
     * The dictionaries' prose without their markup: FOLDOC's topic tags ({@code <networking>}), URLs,
     * and the braces of cross references ({@code {bit bucket}} reads as "bit bucket").
     */
    public static String plainText(String dictd) {
        return dictd.replaceAll("<[^<>\n]*>", " ")
                .replaceAll("\\b(?:https?|ftp|file|news|telnet|mailto):\\S*", " ")
                .replace("{", "")
                .replace("}", "");
    }

    public static NgramModel train(String text, Limits limits) {
        List<List<String>> runs = Words.runs(text);
        List<String> vocabulary = vocabulary(runs, limits);
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            rank.put(vocabulary.get(i), i);
        }

        // Contexts sorted by (length, word ranks) so that the same text always gives the same file.
        Comparator<List<String>> byRanks = Comparator.<List<String>>comparingInt(List::size)
                .thenComparingInt(c -> rank.get(c.get(0)))
                .thenComparingInt(c -> rank.get(c.get(c.size() - 1)));
        Map<List<String>, Map<String, Integer>> counts = new TreeMap<>(byRanks);
        for (List<String> run : runs) {
            for (int i = 1; i < run.size(); i++) {
                String word = run.get(i);
                if (!rank.containsKey(word) || !rank.containsKey(run.get(i - 1))) {
                    continue;
                }
                count(counts, List.of(run.get(i - 1)), word);
                if (i >= 2 && rank.containsKey(run.get(i - 2))) {
                    count(counts, List.of(run.get(i - 2), run.get(i - 1)), word);
                }
            }
        }

        Map<String, List<String>> afterOneWord = new HashMap<>();
        List<Followers> followers = new ArrayList<>();
        for (Map.Entry<List<String>, Map<String, Integer>> e : counts.entrySet()) {
            List<String> context = e.getKey();
            List<String> next = mostFrequent(e.getValue(), rank, limits);
            String last = context.get(context.size() - 1);
            if (context.size() == 1) {
                afterOneWord.put(last, next);
            }
            // A pair that predicts what its last word alone predicts is worth nothing: back-off finds it.
            boolean useless = next.isEmpty() || context.size() == 2 && next.equals(afterOneWord.get(last));
            if (!useless) {
                followers.add(new Followers(context, next));
            }
        }
        return new NgramModel(vocabulary, followers);
    }

    /** The most frequent words, most frequent first; ties alphabetical. */
    private static List<String> vocabulary(List<List<String>> runs, Limits limits) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> run : runs) {
            for (String word : run) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .filter(e -> e.getValue() >= limits.minCount())
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limits.vocabulary())
                .map(Map.Entry::getKey)
                .toList();
    }

    private static List<String> mostFrequent(Map<String, Integer> next, Map<String, Integer> rank, Limits limits) {
        return next.entrySet().stream()
                .filter(e -> e.getValue() >= limits.minCount())
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(e -> rank.get(e.getKey())))
                .limit(limits.followersPerContext())
                .map(Map.Entry::getKey)
                .toList();
    }

    private static void count(Map<List<String>, Map<String, Integer>> counts, List<String> context, String word) {
        counts.computeIfAbsent(context, c -> new HashMap<>()).merge(word, 1, Integer::sum);
    }
}
