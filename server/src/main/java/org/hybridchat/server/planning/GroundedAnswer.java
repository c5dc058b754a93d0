package org.hybridchat.server.planning;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.dictionaries.Excerpt;

/**
 * The short reply that follows a tool's card, written only from what the tool returned: a
 * definition's own first sentences with its source named, the exact value, or a plain "no entry".
 * Nothing here is generated, so nothing here can be invented.
 */
public final class GroundedAnswer {
    /** A definition's reply quotes its entry up to about this many characters, ending at a sentence. */
    static final int QUOTED_CHARS = 200;
    private static final Pattern CATEGORIES = Pattern.compile("^\\s*(?:<[^>]*>\\s*)+");

    private GroundedAnswer() {
    }

    public static String of(ToolResult result) {
        return switch (result) {
            case ToolResult.Definition d -> "From " + d.source() + ": " + opening(withoutCategories(d.text()));
            case ToolResult.NoEntry n -> "The dictionaries (FOLDOC and the Jargon File) have no entry for \""
                    + n.term() + "\", so I won't guess at one.";
            case ToolResult.SearchResults r -> r.hits().isEmpty()
                    ? "Nothing in the dictionaries matches \"" + r.query() + "\"."
                    : "The closest entries: " + r.hits().stream().map(h -> h.headword() + " (" + h.source() + ")")
                            .collect(Collectors.joining(", ")) + ".";
            case ToolResult.Calculation c -> c.expression() + (c.value().startsWith("≈") ? " " : " = ") + c.value();
            case ToolResult.HistoryMatches h -> history(h);
            case ToolResult.Forgotten f -> "Done: this conversation (" + f.messages()
                    + (f.messages() == 1 ? " message" : " messages") + ") is deleted from the server.";
            case ToolResult.Load l -> "The server is writing " + l.load().active() + " of at most "
                    + l.load().maxActive() + " replies; " + l.load().waiting() + " wait (at most "
                    + l.load().maxWaiting() + ").";
            case ToolResult.Refused r -> "I can't do that here: " + r.reason();
            case ToolResult.Declined d -> d.reason();
            case ToolResult.Failed f -> "That didn't work: " + f.message();
        };
    }

    private static String history(ToolResult.HistoryMatches h) {
        if (h.messages().isEmpty()) {
            return h.query().equals("*") ? "This conversation has no earlier messages."
                    : "Nothing earlier in this conversation mentions \"" + h.query() + "\".";
        }
        ChatMessage latest = h.messages().getLast();
        String count = h.messages().size() == 1 ? "One message" : h.messages().size() + " messages";
        return count + (h.query().equals("*") ? "" : " mention \"" + h.query() + "\"") + "; the latest, from the "
                + latest.role().wireName() + ": \"" + opening(latest.content()) + "\"";
    }

    /** FOLDOC opens an entry with its categories ("<programming, tool>"): the card shows them, a sentence does not. */
    static String withoutCategories(String text) {
        return CATEGORIES.matcher(text).replaceFirst("");
    }

    /** The text's first sentences, up to about {@link #QUOTED_CHARS}, cut at a sentence or word end. */
    static String opening(String text) {
        return Excerpt.of(text, QUOTED_CHARS, "…");
    }
}
