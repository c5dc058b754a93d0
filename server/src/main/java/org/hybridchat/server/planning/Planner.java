package org.hybridchat.server.planning;

import java.util.List;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ToolResult;
import reactor.core.publisher.Mono;

/**
 * The seam where a message is matched to a tool: which one to call, with which arguments, or none,
 * in which case the model answers as it would without tools; and, once the tool has answered, the
 * reply written from its result. What {@link #plan} proposes is only a proposal: the tool registry
 * decides whether it runs. The model decides by default ({@link ModelPlanner}); pattern rules
 * ({@link RulePlanner}) are the baseline it is measured against. {@code hybridchat.planner} picks.
 */
public interface Planner {

    /** The call to make for the last message of {@code conversation}, the user's; empty for none. */
    Mono<PlannedCall> plan(List<ChatMessage> conversation);

    /** The reply to the last message of {@code conversation}, from what its call returned. */
    Mono<String> answer(List<ChatMessage> conversation, PlannedCall call, ToolResult result);
}
