package org.hybridchat.server.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.server.dictionaries.DictdFile;
import org.hybridchat.server.dictionaries.Excerpt;
import org.hybridchat.server.network.Rng;
import org.hybridchat.server.network.ServerModel;

/**
 * Chat exchanges made from a dictd dictionary (FOLDOC, the Jargon File): the user asks what a
 * headword means, the assistant answers with the start of its definition, cleaned of markup.
 */
final class DictionaryExchanges {
    /**
     * Answers are cut near here: long enough to say something, and short enough (about 110
     * tokens) that the model learns to end its turn well before a reply's limit of
     * {@link ServerModel#MAX_REPLY_TOKENS} tokens.
     */
    static final int MAX_ANSWER_CHARS = 400;
    /** Each entry is asked about in this many different ways, so the model learns the question, not one phrasing. */
    static final int PHRASINGS = 2;
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

    private DictionaryExchanges() {
    }

    /** The exchanges of dictionary {@code name} in {@code folder}, phrased deterministically by seed. */
    static List<Exchange> read(Path folder, String name, long seed) throws IOException {
        List<Exchange> exchanges = new ArrayList<>();
        for (DictdFile.Entry entry : DictdFile.read(folder, name)) {
            String answer = answer(entry.text());
            if (!answer.isEmpty()) {
                for (String question : questions(entry.headword(), new Rng(seed ^ entry.indexed().hashCode()))) {
                    exchanges.add(new Exchange(question, answer));
                }
            }
        }
        return exchanges;
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
        return Excerpt.of(DOUBLE_FULL_STOP.matcher(answer).replaceAll(""), MAX_ANSWER_CHARS, "...");
    }

    /** Whitespace collapsed, and {cross references} as the words they link. */
    private static String plain(String text) {
        String collapsed = WHITESPACE.matcher(text).replaceAll(" ").strip();
        return CROSS_REFERENCE.matcher(collapsed).replaceAll("$1");
    }
}
