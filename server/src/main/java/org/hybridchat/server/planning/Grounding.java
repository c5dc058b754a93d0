package org.hybridchat.server.planning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.hybridchat.contract.Pii;
import org.hybridchat.contract.ToolResult;

/**
 * Whether an answer is drawn from a tool's result. Precisely: an answer's content words are its
 * words (runs of letters or digits, case-folded) of three letters or more, and its numbers of any
 * length, less a short list of function words. The answer is grounded when at least
 * {@link #THRESHOLD} of them occur among the words of the result (as the model reads it, see
 * {@link ToolPrompt#result}) or of {@link GroundedAnswer}'s wording for that result, which adds no
 * fact of its own. An answer with no content words is not grounded: it says nothing from the result.
 * Nor is one that gives a contact detail (a web address, an email address, a phone number) the result
 * does not hold character for character: its words may all be the result's, but a detail copied one
 * character wrong is an invented one. Nor one that stutters, repeating a run of three words more
 * often than the result has it ("(or programming language (or programming language"): every word is
 * the result's, the sentence is not.
 */
public final class Grounding {
    public static final double THRESHOLD = 0.8;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern WEB_ADDRESS = Pattern.compile("(?:https?://|www\\.)[^\\s\"<>)]+");
    private static final Set<String> FUNCTION_WORDS = Set.of("the", "and", "for", "are", "was", "were", "that",
            "this", "with", "from", "its", "which", "who", "has", "have", "had", "not", "but", "can", "all", "any",
            "into", "than", "then", "also", "one", "use", "used", "such", "may", "other", "these", "those", "been",
            "their", "there", "will", "would", "some", "more", "most", "you", "your");

    private Grounding() {
    }

    /** The share of the answer's content words found in the result; 0 when it has none. */
    public static double share(String answer, ToolResult result) {
        List<String> content = contentWords(answer);
        if (content.isEmpty()) {
            return 0;
        }
        Set<String> allowed = Set.copyOf(wordsOf(ToolPrompt.result(result) + " " + GroundedAnswer.of(result)));
        return (double) content.stream().filter(allowed::contains).count() / content.size();
    }

    public static boolean isGrounded(String answer, ToolResult result) {
        String given = ToolPrompt.result(result);
        return share(answer, result) >= THRESHOLD && contactDetails(answer).stream().allMatch(given::contains)
                && !stutters(answer, given, GroundedAnswer.of(result));
    }

    /** Whether a run of three words comes again in the answer, more often than in either text it copies from. */
    private static boolean stutters(String answer, String result, String groundedAnswer) {
        Map<List<String>, Long> runs = runsOfThree(answer);
        Map<List<String>, Long> inResult = runsOfThree(result);
        Map<List<String>, Long> inGroundedAnswer = runsOfThree(groundedAnswer);
        return runs.entrySet().stream().anyMatch(run -> run.getValue() > 1 && run.getValue() > Math.max(
                inResult.getOrDefault(run.getKey(), 0L), inGroundedAnswer.getOrDefault(run.getKey(), 0L)));
    }

    private static Map<List<String>, Long> runsOfThree(String text) {
        List<String> words = wordsOf(text);
        return IntStream.rangeClosed(0, words.size() - 3).mapToObj(i -> words.subList(i, i + 3))
                .collect(Collectors.groupingBy(run -> run, Collectors.counting()));
    }

    /** The web addresses, email addresses and phone numbers in a text, as written there. */
    public static List<String> contactDetails(String text) {
        List<String> details = new ArrayList<>();
        Pii.find(text).forEach(finding -> details.add(text.substring(finding.start(), finding.end())));
        WEB_ADDRESS.matcher(text).results().forEach(address -> details.add(address.group()));
        return details;
    }

    static List<String> contentWords(String text) {
        return wordsOf(text).stream()
                .filter(w -> (w.length() >= 3 || w.chars().allMatch(Character::isDigit)) && !FUNCTION_WORDS.contains(w))
                .toList();
    }

    /** The text's words (runs of letters or digits), case-folded, in order. */
    private static List<String> wordsOf(String text) {
        return WORD.matcher(text.toLowerCase(Locale.ROOT)).results().map(MatchResult::group).toList();
    }
}
