package org.hybridchat.server.tools;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.session.SessionStore;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code history}: this session's earlier messages that mention every word of the query. */
@Component
public class HistoryTool implements Tool {
    public static final String NAME = "history";
    public static final ToolArguments ARGUMENTS = ToolArguments.of(
            Parameter.quoting("query", "the words to look for, or * for the latest messages", 200).orExactly("*"));
    static final int MAX_MATCHES = 10;

    private final SessionStore sessions;

    HistoryTool(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Search this conversation's earlier messages for words; '*' lists the latest ones.";
    }

    @Override
    public ToolArguments arguments() {
        return ARGUMENTS;
    }

    /** Whether the text has the word, or its singular: "did I ask about daemons?" finds "define daemon". */
    static boolean mentions(String text, String word) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains(word)) {
            return true;
        }
        String singular = word.endsWith("es") && word.length() > 4 ? word.substring(0, word.length() - 2)
                : word.endsWith("s") && word.length() > 3 ? word.substring(0, word.length() - 1) : word;
        return lower.contains(singular);
    }

    @Override
    public Permission permission() {
        return Permission.USER;
    }

    @Override
    public Mono<ToolResult> run(Map<String, String> arguments, Caller caller) {
        String query = arguments.get("query");
        return sessions.conversation(caller.session()).map(Conversation::messages).defaultIfEmpty(List.of())
                .map(messages -> find(messages, query));
    }

    /** The latest of the messages that mention every word of the query. */
    public static ToolResult find(List<ChatMessage> messages, String query) {
        // "*" has no words, so every message matches: the latest ones
        List<String> words = Arrays.stream(query.toLowerCase(Locale.ROOT).split("\\W+")).filter(w -> !w.isEmpty())
                .toList();
        List<ChatMessage> matches = messages.stream()
                .filter(m -> words.stream().allMatch(word -> mentions(m.content(), word)))
                .toList();
        // the latest matches: what "what did I ask?" most likely means
        return new ToolResult.HistoryMatches(query, matches.subList(Math.max(0, matches.size() - MAX_MATCHES),
                matches.size()));
    }
}
