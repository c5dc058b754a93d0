package org.hybridchat.server.planning;

import java.util.List;
import java.util.Optional;

import org.hybridchat.contract.ChatMessage;

/**
 * The seam where a message is matched to a tool: which one to call, with which arguments, or none,
 * in which case the model answers as it would without tools. What comes out is only a proposal: the
 * tool registry decides whether it runs. Rules today ({@link RulePlanner}); the model next.
 */
public interface Planner {

    /** The call to make for {@code message}, the last message of {@code conversation}; empty for none. */
    Optional<PlannedCall> plan(String message, List<ChatMessage> conversation);
}
