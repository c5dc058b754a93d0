package org.hybridchat.contract;

import java.util.List;

/**
 * What a server tool returned, typed so that the page renders each kind as its own card rather than
 * as text. It travels as the {@code content} of an AG-UI {@code TOOL_CALL_RESULT}, in the JSON form
 * {@link WireFormat#encode(ToolResult)} gives it, with a {@code type} naming the kind.
 */
public sealed interface ToolResult {

    /** One dictionary entry, with where it comes from and under which license. */
    record Definition(String headword, String text, String source, String license, String licenseUrl,
                      List<String> seeAlso) implements ToolResult {
        public Definition {
            seeAlso = List.copyOf(seeAlso);
        }
    }

    /** The dictionaries have no entry for the term: said plainly, never guessed. */
    record NoEntry(String term) implements ToolResult {}

    record SearchResults(String query, List<SearchHit> hits) implements ToolResult {
        public SearchResults {
            hits = List.copyOf(hits);
        }
    }

    /** One entry a search found, with the start of its text. */
    record SearchHit(String headword, String source, String snippet) {}

    /** An exact result: {@code value} is written out in full, however many digits it has. */
    record Calculation(String expression, String value) implements ToolResult {}

    /** This session's earlier messages that mention the query, oldest first. */
    record HistoryMatches(String query, List<ChatMessage> messages) implements ToolResult {
        public HistoryMatches {
            messages = List.copyOf(messages);
        }
    }

    /** The session's conversation was deleted: this many messages. */
    record Forgotten(int messages) implements ToolResult {}

    /** The server's live load and limits, for administrators. */
    record Load(ServerLoad load) implements ToolResult {}

    /** The backend would not run the call: the caller lacks the permission, or the session is not theirs. */
    record Refused(String reason) implements ToolResult {}

    /** The call waited for the user's approval and did not get it: denied, or the approval expired. */
    record Declined(String reason) implements ToolResult {}

    /** The call ran and failed, for a reason the user can act on ("division by zero"). */
    record Failed(String message) implements ToolResult {}
}
