package org.hybridchat.server.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import org.hybridchat.server.network.BpeTokenizer;

/**
 * Learns a {@link BpeTokenizer}'s merges from text: count each distinct chunk once with its
 * frequency, then repeatedly merge the most frequent adjacent pair of tokens within chunks (ties
 * go to the smaller ids, so the result depends only on the texts, not on their order). Only the
 * chunks a merge touches are recounted, and a heap with lazily dropped stale counts finds the next
 * pair, so 2,048 merges over megabytes of text take seconds.
 */
public final class BpeTraining {
    private BpeTraining() {
    }

    /** A tokenizer with up to {@code mergeCount} merges learned from the texts. */
    public static BpeTokenizer learn(Collection<String> texts, int mergeCount) {
        return BpeTokenizer.fromMerges(merges(texts, mergeCount));
    }

    /** Merges as {@link BpeTokenizer} stores them: merge i joins {@code merges[2i]} and {@code merges[2i + 1]}. */
    static int[] merges(Collection<String> texts, int mergeCount) {
        Map<String, Integer> chunkCounts = new TreeMap<>();
        for (String text : texts) {
            BpeTokenizer.chunks(text).forEach(chunk -> chunkCounts.merge(chunk, 1, Integer::sum));
        }
        List<int[]> words = new ArrayList<>();      // each distinct chunk as its tokens so far
        int[] wordCounts = new int[chunkCounts.size()];
        Map<Long, Integer> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> wordsWithPair = new HashMap<>();
        for (Map.Entry<String, Integer> chunk : chunkCounts.entrySet()) {
            wordCounts[words.size()] = chunk.getValue();
            words.add(BpeTokenizer.utf8(chunk.getKey()));
            count(words, wordCounts, words.size() - 1, +1, pairCounts, wordsWithPair);
        }
        // most frequent first, then the smaller pair; entries go stale as counts change
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0])
                : Long.compare(a[1], b[1]));
        pairCounts.forEach((pair, n) -> queue.add(new long[] {n, pair}));
        int[] merges = new int[2 * mergeCount];
        int learned = 0;
        while (learned < mergeCount && !queue.isEmpty()) {
            long[] best = queue.poll();
            if (pairCounts.getOrDefault(best[1], 0) != best[0]) {
                continue;
            }
            if (best[0] < 2) {
                break; // a pair seen once is not a pattern
            }
            int left = (int) (best[1] >>> 32);
            int right = (int) best[1];
            int token = BpeTokenizer.FIRST_MERGE + learned;
            merges[2 * learned] = left;
            merges[2 * learned + 1] = right;
            learned++;
            Set<Long> changed = new HashSet<>();
            for (int w : wordsWithPair.remove(best[1])) {
                changed.addAll(count(words, wordCounts, w, -1, pairCounts, wordsWithPair));
                words.set(w, merge(words.get(w), left, right, token));
                changed.addAll(count(words, wordCounts, w, +1, pairCounts, wordsWithPair));
            }
            for (long pair : changed) {
                int n = pairCounts.getOrDefault(pair, 0);
                if (n > 0) {
                    queue.add(new long[] {n, pair});
                }
            }
        }
        return Arrays.copyOf(merges, 2 * learned);
    }

    /** Adds (or removes) word w's adjacent pairs to the counts; returns the pairs it touched. */
    private static Set<Long> count(List<int[]> words, int[] wordCounts, int w, int sign,
                                   Map<Long, Integer> pairCounts, Map<Long, Set<Integer>> wordsWithPair) {
        int[] word = words.get(w);
        Set<Long> touched = new HashSet<>();
        for (int i = 0; i + 1 < word.length; i++) {
            long pair = BpeTokenizer.pair(word[i], word[i + 1]);
            pairCounts.merge(pair, sign * wordCounts[w], Integer::sum);
            if (sign > 0) {
                wordsWithPair.computeIfAbsent(pair, p -> new HashSet<>()).add(w);
            }
            touched.add(pair);
        }
        return touched;
    }

    /** The word with every (left, right), scanned left to right, replaced by token. */
    private static int[] merge(int[] word, int left, int right, int token) {
        int[] merged = new int[word.length];
        int length = 0;
        for (int i = 0; i < word.length; i++) {
            boolean match = i + 1 < word.length && word[i] == left && word[i + 1] == right;
            merged[length++] = match ? token : word[i];
            if (match) {
                i++;
            }
        }
        return Arrays.copyOf(merged, length);
    }
}
