package org.hybridchat.client.suggest;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The on-device suggestion model: a word trigram model with back-off, pruned to fit in a few tens of
 * kilobytes. It completes the word being typed ("daem" -> "on") and, after a space, proposes the
 * next word. Counting happens once, offline, in {@code training.NgramTrainer}; this class holds what
 * survived the pruning and answers within a keystroke, the same way on the JVM and, compiled by TeaVM,
 * in the browser. No randomness: ties were broken when the file was written, so a given text always
 * gets the same suggestion.
 *
 * <p>The file ({@code static/model/suggest.bin}), all integers unsigned LEB128 varints:
 * <pre>
 *   "HCNG" 0x01                      magic and format version
 *   V, then V words                  the vocabulary by frequency, each ASCII bytes + '\n';
 *                                    a word's id is its rank, so a lower id is a more frequent word
 *   F, then F follower lists         each: n (1 or 2), n context word ids (oldest first),
 *                                    k, k ids of the words seen next, most frequent first
 * </pre>
 */
public final class NgramModel {

    /** After the words {@code previous} (one or two, oldest first): the words seen next, most frequent first. */
    public record Followers(List<String> previous, List<String> next) {}

    private static final byte[] MAGIC = {'H', 'C', 'N', 'G', 1};

    /** Shorter prefixes match too many words for a guess to help. */
    private static final int MIN_PREFIX = 2;

    private final String[] words;                        // [V], by rank
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<Followers> followers;
    private final Map<Long, int[]> next = new HashMap<>(); // context key -> [k] word ids

    public NgramModel(List<String> vocabulary, List<Followers> followers) {
        this.words = vocabulary.toArray(new String[0]);
        for (int id = 0; id < words.length; id++) {
            ids.put(words[id], id);
        }
        this.followers = List.copyOf(followers);
        for (Followers f : followers) {
            if (f.previous().isEmpty() || f.previous().size() > 2 || f.next().isEmpty()) {
                throw new IllegalArgumentException("a follower list needs one or two previous words and a next one: " + f);
            }
            int[] nextIds = new int[f.next().size()];
            for (int i = 0; i < nextIds.length; i++) {
                nextIds[i] = id(f.next().get(i));
            }
            int before = f.previous().size() == 2 ? id(f.previous().get(0)) : -1;
            next.put(key(before, id(f.previous().get(f.previous().size() - 1))), nextIds);
        }
    }

    /**
     * What to append to {@code typed} (the whole text, caret at its end): the rest of the word being
     * typed, or the next word when the text ends between words. Empty when the model has no good
     * guess, e.g. for words it never saw or right after a full stop.
     */
    public Optional<String> suggest(String typed) {
        int start = typed.length();
        while (start > 0 && Words.isWordChar(typed.charAt(start - 1))) {
            start--;
        }
        String partial = Words.normalize(typed.substring(start));
        List<String> context = Words.lastRun(typed.substring(0, start));
        if (partial.isEmpty()) {
            return nextWord(context);
        }
        return complete(context, partial);
    }

    private Optional<String> nextWord(List<String> context) {
        List<int[]> lists = followersOf(context);
        return lists.isEmpty() ? Optional.empty() : Optional.of(words[lists.get(0)[0]]);
    }

    // The longest context whose followers include a word with this prefix decides; failing that, the
    // most frequent such word. If that is the word as typed, there is nothing to add.
    private Optional<String> complete(List<String> context, String partial) {
        if (partial.length() < MIN_PREFIX) {
            return Optional.empty();
        }
        String best = null;
        for (int[] candidates : followersOf(context)) {
            best = firstWithPrefix(candidates, partial);
            if (best != null) {
                break;
            }
        }
        if (best == null) {
            best = firstWithPrefix(null, partial);
        }
        if (best == null || best.equals(partial)) {
            return Optional.empty();
        }
        return Optional.of(best.substring(partial.length()));
    }

    /** Follower lists for the last two words, then for the last one: longest context first. */
    private List<int[]> followersOf(List<String> context) {
        List<int[]> found = new ArrayList<>(2);
        int n = context.size();
        Integer last = n >= 1 ? ids.get(context.get(n - 1)) : null;
        if (last == null) {
            return found;
        }
        Integer before = n >= 2 ? ids.get(context.get(n - 2)) : null;
        if (before != null && next.containsKey(key(before, last))) {
            found.add(next.get(key(before, last)));
        }
        if (next.containsKey(key(-1, last))) {
            found.add(next.get(key(-1, last)));
        }
        return found;
    }

    /** The first word of {@code candidates} (all words, by rank, if null) that starts with {@code prefix}. */
    private String firstWithPrefix(int[] candidates, String prefix) {
        int n = candidates == null ? words.length : candidates.length;
        for (int i = 0; i < n; i++) {
            String word = words[candidates == null ? i : candidates[i]];
            if (word.startsWith(prefix)) {
                return word;
            }
        }
        return null;
    }

    private static long key(int before, int last) {
        return ((long) (before + 1) << 32) | last;
    }

    private int id(String word) {
        Integer id = ids.get(word);
        if (id == null) {
            throw new IllegalArgumentException("'" + word + "' is not in the vocabulary");
        }
        return id;
    }

    public int vocabularySize() {
        return words.length;
    }

    public int followerLists() {
        return followers.size();
    }

    // ---- the file

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        writeVarint(out, words.length);
        for (String word : words) {
            for (int i = 0; i < word.length(); i++) {
                out.write(word.charAt(i));
            }
            out.write('\n');
        }
        writeVarint(out, followers.size());
        for (Followers f : followers) {
            writeVarint(out, f.previous().size());
            f.previous().forEach(w -> writeVarint(out, id(w)));
            writeVarint(out, f.next().size());
            f.next().forEach(w -> writeVarint(out, id(w)));
        }
        return out.toByteArray();
    }

    public static NgramModel read(byte[] bytes) {
        Reader in = new Reader(bytes);
        for (byte b : MAGIC) {
            if (in.pos >= bytes.length || bytes[in.pos++] != b) {
                throw new IllegalArgumentException("not a suggestion model (format HCNG 1)");
            }
        }
        List<String> vocabulary = new ArrayList<>();
        for (int n = in.varint(); n > 0; n--) {
            vocabulary.add(in.line());
        }
        List<Followers> followers = new ArrayList<>();
        for (int n = in.varint(); n > 0; n--) {
            followers.add(new Followers(in.words(vocabulary), in.words(vocabulary)));
        }
        if (in.pos != bytes.length) {
            throw new IllegalArgumentException("suggestion model has " + (bytes.length - in.pos) + " stray bytes");
        }
        return new NgramModel(vocabulary, followers);
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    private static final class Reader {
        private final byte[] bytes;
        private int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int varint() {
            int value = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                int b = next();
                value |= (b & 0x7f) << shift;
                if (b < 0x80) {
                    return value;
                }
            }
            throw new IllegalArgumentException("suggestion model has a varint longer than 5 bytes");
        }

        String line() {
            StringBuilder word = new StringBuilder();
            for (int b = next(); b != '\n'; b = next()) {
                word.append((char) b);
            }
            return word.toString();
        }

        /** A count, then that many word ids, as words. */
        List<String> words(List<String> vocabulary) {
            List<String> list = new ArrayList<>();
            for (int n = varint(); n > 0; n--) {
                int id = varint();
                if (id >= vocabulary.size()) {
                    throw new IllegalArgumentException("suggestion model names word " + id + " of " + vocabulary.size());
                }
                list.add(vocabulary.get(id));
            }
            return list;
        }

        private int next() {
            if (pos >= bytes.length) {
                throw new IllegalArgumentException("suggestion model is truncated");
            }
            return bytes[pos++] & 0xff;
        }
    }
}
