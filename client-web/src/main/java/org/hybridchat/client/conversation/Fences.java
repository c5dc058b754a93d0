package org.hybridchat.client.conversation;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an assistant's text into prose and fenced code blocks (CommonMark's backtick fences): a line
 * that starts, after up to three spaces, with three or more backticks opens a block, its first word
 * after them is the language, and a line of at least as many backticks and nothing else closes it.
 * A block still open at the end runs to the end (the text may be streaming, or the model forgot to
 * close it). The line break just before an opening fence and just after a closing one belong to the
 * fences, as the block stands on its own lines anyway.
 *
 * <p>Pure and by hand, with no regex, so that it costs the page little and tests on the JVM.
 */
public final class Fences {

    /** A piece of the text, in order. */
    public sealed interface Part {}

    public record Prose(String text) implements Part {}

    /** {@code language} is empty when the fence names none; {@code closed} is false while it runs to the end. */
    public record Code(String language, String code, boolean closed) implements Part {}

    private Fences() {}

    /** Whether {@code text} could hold a fence at all: the cheap check before {@link #split}. */
    public static boolean mayHoldFence(CharSequence text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            if (run == 3) {
                return true;
            }
        }
        return false;
    }

    public static List<Part> split(String text) {
        List<Part> parts = new ArrayList<>();
        int proseStart = 0;
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int lineEnd = lineEnd(text, lineStart);
            int ticks = fence(text, lineStart, lineEnd);
            if (ticks == 0) {
                lineStart = lineEnd + 1;
                continue;
            }
            // An opening fence: prose before it, without the line break that precedes the fence.
            int proseEnd = lineStart > proseStart ? lineStart - 1 : lineStart;
            if (proseEnd > proseStart) {
                parts.add(new Prose(text.substring(proseStart, proseEnd)));
            }
            String language = firstWord(text, indexAfterFence(text, lineStart) + ticks, lineEnd);
            int codeStart = Math.min(lineEnd + 1, text.length());
            int line = codeStart;
            int closeStart = -1;
            int closeEnd = -1;
            while (line < text.length()) {
                int end = lineEnd(text, line);
                if (closes(text, line, end, ticks)) {
                    closeStart = line;
                    closeEnd = end;
                    break;
                }
                line = end + 1;
            }
            if (closeStart < 0) {
                parts.add(new Code(language, text.substring(codeStart), false));
                return parts;
            }
            int codeEnd = closeStart > codeStart ? closeStart - 1 : codeStart;
            parts.add(new Code(language, text.substring(codeStart, codeEnd), true));
            proseStart = Math.min(closeEnd + 1, text.length());
            lineStart = proseStart;
            if (closeEnd >= text.length()) {
                break;
            }
        }
        if (proseStart < text.length()) {
            parts.add(new Prose(text.substring(proseStart)));
        }
        return parts;
    }

    private static int lineEnd(String text, int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end;
    }

    /** Where the backticks of a fence line would start: after up to three spaces. */
    private static int indexAfterFence(String text, int lineStart) {
        int i = lineStart;
        while (i < text.length() && i - lineStart < 3 && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** How many backticks open a fence on this line (at least three), or 0 when it is not a fence. */
    private static int fence(String text, int lineStart, int lineEnd) {
        int start = indexAfterFence(text, lineStart);
        int i = start;
        while (i < lineEnd && text.charAt(i) == '`') {
            i++;
        }
        int ticks = i - start;
        if (ticks < 3) {
            return 0;
        }
        // CommonMark: a backtick fence's info string holds no backtick (else it is inline code).
        for (int j = i; j < lineEnd; j++) {
            if (text.charAt(j) == '`') {
                return 0;
            }
        }
        return ticks;
    }

    private static boolean closes(String text, int lineStart, int lineEnd, int ticks) {
        int start = indexAfterFence(text, lineStart);
        int i = start;
        while (i < lineEnd && text.charAt(i) == '`') {
            i++;
        }
        if (i - start < ticks) {
            return false;
        }
        for (; i < lineEnd; i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String firstWord(String text, int from, int to) {
        int start = from;
        while (start < to && isSpace(text.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < to && !isSpace(text.charAt(end))) {
            end++;
        }
        return text.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }
}
