package org.hybridchat.server.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-level byte-pair encoding, as in GPT-2, trained by the project on its own training split.
 * Ids 0-255 are the bytes of the UTF-8 text, 256-261 mark the parts of a chat (its turns, the tool
 * list, a tool call and its result; see {@link ChatPrompt}), and every id from 262 on is a merge: the
 * concatenation of two earlier tokens, learned in order of frequency.
 *
 * <p>Why byte-level: every string has a UTF-8 form, so any input (emoji, control characters,
 * random junk; a lone surrogate becomes U+FFFD) encodes with no unknown-token case, while common
 * words still become one token, so the model reads and writes about three times fewer positions than
 * a byte-level one: a context of 256 tokens holds a whole exchange. Why 2,048 merges: the corpus is
 * only a few megabytes, and each token's embedding must be seen often enough to be learned; 2,048
 * merges cover the frequent words and word pieces (3.0 bytes per token on the held-out answers),
 * while a larger table mostly adds rare tokens and a wider output layer to a small model.
 *
 * <p>Text is first cut into chunks (a word with its leading space, a number, a run of punctuation
 * or of spaces) and merges never cross a chunk, so "dog." and "dog" share the token " dog".
 */
public final class BpeTokenizer {
    public static final int BEGIN_USER = 256;
    public static final int BEGIN_ASSISTANT = 257;
    public static final int END_OF_TURN = 258;
    public static final int BEGIN_TOOLS = 259;
    public static final int BEGIN_CALL = 260;
    public static final int BEGIN_RESULT = 261;
    public static final int FIRST_MERGE = 262;

    private static final Pattern CHUNK = Pattern.compile(
            "'(?:s|t|re|ve|m|ll|d)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");
    private static final byte[] REPLACEMENT_CHARACTER = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    private static final int MAGIC = 0x50424348; // "HCBP" read as a little-endian int
    private static final int VERSION = 2; // 1 had three markers, so its merges were numbered from 259

    /** Merge i joins tokens {@code merges[2i]} and {@code merges[2i + 1]} into token {@link #FIRST_MERGE} + i. */
    private final int[] merges;
    /** Pair of tokens (left << 32 | right) to the rank of its merge: lower ranks merge first. */
    private final Map<Long, Integer> ranks = new HashMap<>();
    /** The bytes each token stands for; empty for the markers. */
    private final byte[][] bytes;

    private BpeTokenizer(int[] merges) {
        this.merges = merges;
        bytes = new byte[FIRST_MERGE + merges.length / 2][];
        for (int b = 0; b < 256; b++) {
            bytes[b] = new byte[] {(byte) b};
        }
        Arrays.fill(bytes, BEGIN_USER, FIRST_MERGE, new byte[0]);
        for (int rank = 0; rank < merges.length / 2; rank++) {
            int left = merges[2 * rank];
            int right = merges[2 * rank + 1];
            if (left >= FIRST_MERGE + rank || right >= FIRST_MERGE + rank || isSpecial(left) || isSpecial(right)) {
                throw new IllegalArgumentException("merge " + rank + " joins tokens it cannot: " + left + ", " + right);
            }
            ranks.put(pair(left, right), rank);
            byte[] joined = Arrays.copyOf(bytes[left], bytes[left].length + bytes[right].length);
            System.arraycopy(bytes[right], 0, joined, bytes[left].length, bytes[right].length);
            bytes[FIRST_MERGE + rank] = joined;
        }
    }

    public static boolean isSpecial(int token) {
        return token >= BEGIN_USER && token < FIRST_MERGE;
    }

    public int vocabSize() {
        return bytes.length;
    }

    /** A tokenizer with these merges: merge i joins {@code merges[2i]} and {@code merges[2i + 1]}. */
    public static BpeTokenizer fromMerges(int[] merges) {
        return new BpeTokenizer(merges.clone());
    }

    /** The tokens of the text: never fails, whatever the text. */
    public int[] encode(String text) {
        int[] tokens = new int[0];
        int length = 0;
        for (String chunk : chunks(text)) {
            int[] encoded = encodeChunk(utf8(chunk));
            if (length + encoded.length > tokens.length) {
                tokens = Arrays.copyOf(tokens, Math.max(2 * tokens.length, length + encoded.length));
            }
            System.arraycopy(encoded, 0, tokens, length, encoded.length);
            length += encoded.length;
        }
        return Arrays.copyOf(tokens, length);
    }

    /**
     * Applies the merges to one chunk in rank order, as training learned them. A heap of
     * (rank, position) finds the next merge in O(log n), and a linked list of the surviving
     * positions makes each merge O(1), so a long chunk costs O(n log n), not a rescan per merge.
     */
    private int[] encodeChunk(int[] symbols) {
        int n = symbols.length;
        int[] next = new int[n];
        int[] previous = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            previous[i] = i - 1;
        }
        PriorityQueue<Long> candidates = new PriorityQueue<>(); // rank << 32 | position
        for (int i = 0; i + 1 < n; i++) {
            offer(candidates, symbols, i, i + 1);
        }
        while (!candidates.isEmpty()) {
            long candidate = candidates.poll();
            int rank = (int) (candidate >>> 32);
            int position = (int) candidate;
            int right = next[position];
            if (symbols[position] < 0 || right < 0
                    || ranks.getOrDefault(pair(symbols[position], symbols[right]), -1) != rank) {
                continue; // stale: one side was merged into something else meanwhile
            }
            symbols[position] = FIRST_MERGE + rank;
            symbols[right] = -1;
            next[position] = next[right];
            if (next[right] >= 0) {
                previous[next[right]] = position;
                offer(candidates, symbols, position, next[position]);
            }
            if (previous[position] >= 0) {
                offer(candidates, symbols, previous[position], position);
            }
        }
        return Arrays.stream(symbols).filter(s -> s >= 0).toArray();
    }

    private void offer(PriorityQueue<Long> candidates, int[] symbols, int left, int right) {
        Integer rank = ranks.get(pair(symbols[left], symbols[right]));
        if (rank != null) {
            candidates.add((long) rank << 32 | left);
        }
    }

    /** The text of the tokens; turn markers are skipped and invalid UTF-8 becomes U+FFFD. */
    String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int token : tokens) {
            out.writeBytes(bytes[token]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The bytes the token stands for (none for a marker). */
    public byte[] bytes(int token) {
        return bytes[token].clone();
    }

    StreamDecoder streamDecoder() {
        return new StreamDecoder();
    }

    /** The compact file form: "HCBP", version, merge count, then each merge as two uint16 ids. */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(12 + 2 * merges.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putInt(VERSION).putInt(merges.length / 2);
        for (int token : merges) {
            out.putShort((short) token);
        }
        return out.array();
    }

    public static BpeTokenizer read(byte[] file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 12 || in.getInt() != MAGIC) {
            throw new IOException("not a tokenizer file: it does not start with \"HCBP\"");
        }
        int version = in.getInt();
        int count = in.getInt();
        if (version != VERSION || count < 0 || in.remaining() != 4L * count) {
            throw new IOException("tokenizer file: version " + version + " with " + count + " merges in "
                    + file.length + " bytes is not a version " + VERSION + " file");
        }
        int[] merges = new int[2 * count];
        for (int i = 0; i < merges.length; i++) {
            merges[i] = Short.toUnsignedInt(in.getShort());
        }
        try {
            return new BpeTokenizer(merges);
        } catch (IllegalArgumentException e) {
            throw new IOException("tokenizer file: " + e.getMessage(), e);
        }
    }

    public static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        Matcher matcher = CHUNK.matcher(text);
        while (matcher.find()) {
            chunks.add(matcher.group());
        }
        return chunks;
    }

    /** UTF-8 bytes as tokens 0-255; a lone surrogate becomes U+FFFD instead of String.getBytes's '?'. */
    public static int[] utf8(String text) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(REPLACEMENT_CHARACTER);
        try {
            ByteBuffer encoded = encoder.encode(CharBuffer.wrap(text));
            int[] tokens = new int[encoded.remaining()];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = encoded.get() & 0xFF;
            }
            return tokens;
        } catch (CharacterCodingException impossible) {
            throw new IllegalStateException("a replacing UTF-8 encoder reported an error", impossible);
        }
    }

    public static long pair(int left, int right) {
        return (long) left << 32 | right;
    }

    /**
     * Turns generated tokens into text as they arrive. A token may end in the middle of a
     * character; its start is held back until the remaining bytes come, so every piece is whole
     * characters.
     */
    public final class StreamDecoder {
        private final byte[] pending = new byte[4];
        private int pendingLength;

        /** The text completed by this token; empty while a multi-byte character is unfinished. */
        public String accept(int token) {
            StringBuilder text = new StringBuilder();
            for (byte b : bytes[token]) {
                text.append(acceptByte(b & 0xFF));
            }
            return text.toString();
        }

        private String acceptByte(int b) {
            boolean continuation = (b & 0xC0) == 0x80;
            if (pendingLength > 0 && !continuation) {
                // the unfinished character was cut short: emit it (as U+FFFD) and start over
                return flush() + acceptByte(b);
            }
            pending[pendingLength++] = (byte) b;
            return pendingLength < expectedLength(pending[0]) ? "" : flush();
        }

        /** Whatever is held back, with an unfinished character as U+FFFD; empty if nothing is. */
        public String flush() {
            String text = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
            pendingLength = 0;
            return text;
        }

        private static int expectedLength(byte lead) {
            int b = lead & 0xFF;
            if (b >= 0xF0 && b <= 0xF4) return 4;
            if (b >= 0xE0) return b <= 0xEF ? 3 : 1;
            if (b >= 0xC2) return 2;
            return 1;
        }
    }
}
