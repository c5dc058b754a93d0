package org.hybridchat.server.planning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.dictionaries.Excerpt;
import org.hybridchat.server.tools.ToolArguments;

/**
 * How tools look to the model, in text: the tool list it is shown, a call as it writes one, a result
 * as it reads one. Training renders its conversations here and the model planner reads the model's
 * calls here, so the two cannot drift apart. (The markers around each part are {@code ChatPrompt}'s.)
 *
 * <p>The list shows each tool's name and argument schema in the very form of a call, not its
 * description: a 3M-parameter model learns which tool fits a question from examples, not from
 * reading a sentence about it, and every token of the list is in every prompt.
 */
public final class ToolPrompt {
    /** A result shows a definition up to about here: room for the quoted answer, which is shorter. */
    static final int RESULT_CHARS = 400;
    /** A history result shows the latest few matches. */
    static final int HISTORY_SHOWN = 3;

    private ToolPrompt() {
    }

    /** One line per tool, in the order of their names, whatever order they were found in: {@code define {"term":string}}. */
    public static String toolList(Map<String, ToolArguments> tools) {
        return new TreeMap<>(tools).entrySet().stream().map(tool -> tool.getKey() + " " + tool.getValue().signature())
                .collect(Collectors.joining("\n"));
    }

    /** {@code define {"term":"compiler"}}: the name, a space, the arguments as one JSON object in schema order. */
    public static String call(PlannedCall call, ToolArguments arguments) {
        Map<String, String> ordered = new LinkedHashMap<>();
        arguments.parameters().forEach(p -> ordered.put(p.name(), call.arguments().get(p.name())));
        return call.tool() + " " + ToolArguments.json(ordered);
    }

    /** The call in {@link #call}'s form, if it is one of these tools with arguments that fit its schema. */
    public static Optional<PlannedCall> readCall(String text, Map<String, ToolArguments> tools) {
        int space = text.indexOf(' ');
        if (space < 0 || !tools.containsKey(text.substring(0, space))) {
            return Optional.empty();
        }
        String tool = text.substring(0, space);
        try {
            return Optional.of(new PlannedCall(tool, tools.get(tool).read(text.substring(space + 1))));
        } catch (ToolArguments.InvalidArgumentsException e) {
            return Optional.empty();
        }
    }

    /** What the model reads of a result: every fact {@link GroundedAnswer} would state, in short. */
    public static String result(ToolResult result) {
        return switch (result) {
            case ToolResult.Definition d -> d.source() + ", " + d.headword() + ": "
                    + Excerpt.of(GroundedAnswer.withoutCategories(d.text()), RESULT_CHARS, "…");
            case ToolResult.NoEntry n -> "no entry for \"" + n.term() + "\"";
            case ToolResult.SearchResults r -> r.hits().isEmpty() ? "no entries match \"" + r.query() + "\""
                    : r.hits().stream().map(h -> h.headword() + " (" + h.source() + ")")
                            .collect(Collectors.joining("; "));
            case ToolResult.Calculation c -> c.expression() + (c.value().startsWith("≈") ? " " : " = ") + c.value();
            case ToolResult.HistoryMatches h -> history(h.messages());
            case ToolResult.Forgotten f -> "deleted " + f.messages() + " messages";
            case ToolResult.Load l -> "writing " + l.load().active() + "/" + l.load().maxActive() + ", waiting "
                    + l.load().waiting() + "/" + l.load().maxWaiting();
            case ToolResult.Refused r -> "refused: " + r.reason();
            case ToolResult.Declined d -> "declined: " + d.reason();
            case ToolResult.Failed f -> "failed: " + f.message();
        };
    }

    private static String history(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            return "no messages match";
        }
        return messages.size() + (messages.size() == 1 ? " message" : " messages") + "; latest: "
                + messages.subList(Math.max(0, messages.size() - HISTORY_SHOWN), messages.size()).stream()
                        .map(m -> m.role().wireName() + ": \"" + GroundedAnswer.opening(m.content()) + "\"")
                        .collect(Collectors.joining("\n"));
    }
}
