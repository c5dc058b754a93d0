package org.hybridchat.server.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.hybridchat.contract.ChatMessage;

/**
 * Chat exchanges made from a dictd dictionary (FOLDOC, the Jargon File): the user asks what a
 * headword means, the assistant answers with the start of its definition, cleaned of markup.
 *
 * <p>A dictd dictionary is NAME.index, lines of {@code headword TAB offset TAB length} with the
 * numbers in base 64 (digits {@code A-Za-z0-9+/}), and NAME.dict.dz, the gzip-compressed text the
 * offsets point into. Each entry starts with its headword (and pronunciation) lines, then a blank
 * line, then the definition's paragraphs.
 */
public final class DictdCorpus {
    /**
     * Answers are cut near here: long enough to say something, and short enough (about 110
     * tokens) that the model learns to end its turn well before a reply's limit of
     * {@link ServerModel#MAX_REPLY_TOKENS} tokens.
     */
    static final int MAX_ANSWER_CHARS = 400;
    /** Each entry is asked about in this many different ways, so the model learns the question, not one phrasing. */
    static final int PHRASINGS = 2;
    private static final String BASE64_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final List<String> QUESTIONS = List.of(
            "what is %s?", "What is %s?", "what's %s?", "define %s", "Define %s", "what does %s mean?",
            "What does %s mean?", "explain %s", "tell me about %s", "what is meant by %s?");
    /** People ask about a common noun with an article: "what is a daemon?". */
    private static final List<String> ARTICLE_QUESTIONS = List.of(
            "what is %s %s?", "What is %s %s?", "what's %s %s?", "explain %s %s");
    private static final Pattern ALREADY_ARTICLED = Pattern.compile("(?:a|an|the) ");
    private static final Pattern CROSS_REFERENCE = Pattern.compile("\\{([^}]*)\\}");
    /** {@code <category>}, {@code [etymology]}, {@code /pro'nun-ci-a-tion/ or /.../}, {@code 1.}, {@code vt.} */
    private static final Pattern LEADING_TAGS = Pattern.compile(
            "^(?:(?:<[^>]*>|\\[[^\\]]*\\]|/[^/\\s]+/(?:,| or)?|1\\.|(?:n|v|vi|vt|adj|adv|interj|pl)\\.)\\s*)+");
    private static final Pattern LATER_SENSE = Pattern.compile("(?:^|\\s)(?:[2-9]|[1-9]\\d)\\. ");
    private static final Pattern DATE_STAMP = Pattern.compile("\\(\\d{4}-\\d{2}-\\d{2}\\)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** What removing a trailing remark can leave behind: "Arizona. ." */
    private static final Pattern DOUBLE_FULL_STOP = Pattern.compile("(?<=\\.) \\.(?=\\s|$)");

    /** One question and its answer; the split keeps every alias of an entry on the same side. */
    record Exchange(String question, String answer) {
        List<ChatMessage> messages() {
            return List.of(ChatMessage.user(question), ChatMessage.assistant(answer));
        }

        /** About 2% of answers, chosen by hash, never trained on. */
        boolean isValidation() {
            return Math.floorMod(answer.hashCode(), 50) == 0;
        }
    }

    /**
     * One line of a dictd index with the text it points at: the headword as the entry writes it,
     * and the entry as stored (headword lines, blank line, indented paragraphs, {cross references}).
     * An entry with aliases is pointed at by several lines, so it comes once per alias.
     */
    public record Entry(String headword, String text) {
    }

    private DictdCorpus() {
    }

    /** Every entry of a dictionary, in index order, without dictfmt's own 00-database entries. */
    public static List<Entry> entries(InputStream index, InputStream dictDz) throws IOException {
        byte[] text;
        try (InputStream in = new GZIPInputStream(dictDz)) {
            text = in.readAllBytes();
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length < 3 || fields[0].startsWith("00-database") || fields[0].startsWith("00database")) {
                continue;
            }
            String entry = new String(text, (int) decodeNumber(fields[1]), (int) decodeNumber(fields[2]),
                    StandardCharsets.UTF_8);
            entries.add(new Entry(headword(entry, fields[0]), entry));
        }
        return entries;
    }

    /** The exchanges of dictionary {@code name} in {@code folder}, phrased deterministically by seed. */
    static List<Exchange> read(Path folder, String name, long seed) throws IOException {
        byte[] text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(folder.resolve(name + ".dict.dz")))) {
            text = in.readAllBytes();
        }
        List<Exchange> exchanges = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve(name + ".index"), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t");
            if (fields.length < 3 || fields[0].startsWith("00-database") || fields[0].startsWith("00database")) {
                continue;
            }
            int offset = (int) decodeNumber(fields[1]);
            int length = (int) decodeNumber(fields[2]);
            String entry = new String(text, offset, length, StandardCharsets.UTF_8);
            String answer = answer(entry);
            if (!answer.isEmpty()) {
                String headword = headword(entry, fields[0]);
                for (String question : questions(headword, new Rng(seed ^ fields[0].hashCode()))) {
                    exchanges.add(new Exchange(question, answer));
                }
            }
        }
        return exchanges;
    }

    /**
     * The headword as the entry writes it ("DER", "NeWS"): the index has it in lower case. An
     * entry lists all its aliases in its first lines; the one the index line names is used.
     */
    static String headword(String entry, String indexed) {
        String firstParagraph = entry.strip().split("\\n\\s*\\n")[0];
        return firstParagraph.lines().map(String::strip).filter(indexed::equalsIgnoreCase).findFirst().orElse(indexed);
    }

    /** {@link #PHRASINGS} different questions about the headword, picked by the generator. */
    static List<String> questions(String headword, Rng rng) {
        List<String> all = new ArrayList<>();
        QUESTIONS.forEach(question -> all.add(question.formatted(headword)));
        if (Character.isLowerCase(headword.codePointAt(0)) && !ALREADY_ARTICLED.matcher(headword).lookingAt()) {
            String article = "aeiou".indexOf(headword.charAt(0)) >= 0 ? "an" : "a";
            ARTICLE_QUESTIONS.forEach(question -> all.add(question.formatted(article, headword)));
        }
        List<String> picked = new ArrayList<>();
        while (picked.size() < PHRASINGS) {
            picked.add(all.remove(rng.nextInt(all.size())));
        }
        return picked;
    }

    static long decodeNumber(String digits) {
        long value = 0;
        for (char digit : digits.toCharArray()) {
            int d = BASE64_DIGITS.indexOf(digit);
            if (d < 0) {
                throw new IllegalArgumentException("'" + digits + "' is not a dictd base64 number");
            }
            value = value * 64 + d;
        }
        return value;
    }

    /**
     * The definition's first paragraphs as plain text: no headword lines, no leading category,
     * pronunciation, part-of-speech or etymology tags, only the first of numbered senses,
     * {cross references} as plain words, whitespace collapsed, and cut at a sentence (else a word)
     * boundary near {@link #MAX_ANSWER_CHARS}.
     */
    static String answer(String entry) {
        String[] paragraphs = entry.strip().split("\\n\\s*\\n");
        boolean numberedSenses = Arrays.stream(paragraphs).anyMatch(p -> p.strip().startsWith("1. "));
        StringBuilder answer = new StringBuilder();
        for (int i = 1; i < paragraphs.length && answer.length() < MAX_ANSWER_CHARS; i++) {
            String paragraph = plain(paragraphs[i]);
            Matcher laterSense = LATER_SENSE.matcher(paragraph);
            boolean lastParagraph = numberedSenses && laterSense.find();
            if (lastParagraph) {
                paragraph = paragraph.substring(0, laterSense.start());
            }
            paragraph = LEADING_TAGS.matcher(paragraph).replaceFirst("").strip();
            if (!paragraph.isEmpty() && !DATE_STAMP.matcher(paragraph).matches()) {
                answer.append(answer.isEmpty() ? "" : " ").append(paragraph);
            }
            if (lastParagraph) {
                break;
            }
        }
        return cut(DOUBLE_FULL_STOP.matcher(answer).replaceAll(""));
    }

    /** Whitespace collapsed, and {cross references} as the words they link. */
    private static String plain(String text) {
        String collapsed = WHITESPACE.matcher(text).replaceAll(" ").strip();
        return CROSS_REFERENCE.matcher(collapsed).replaceAll("$1");
    }

    private static String cut(String text) {
        if (text.length() <= MAX_ANSWER_CHARS) {
            return text;
        }
        String head = text.substring(0, MAX_ANSWER_CHARS);
        int sentenceEnd = head.lastIndexOf(". ");
        if (sentenceEnd > MAX_ANSWER_CHARS / 3) {
            return head.substring(0, sentenceEnd + 1);
        }
        int wordEnd = head.lastIndexOf(' ');
        return (wordEnd > 0 ? head.substring(0, wordEnd) : head) + "...";
    }
}
