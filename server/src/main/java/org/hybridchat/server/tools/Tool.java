package org.hybridchat.server.tools;

import java.util.Map;

import org.hybridchat.contract.ToolResult;
import reactor.core.publisher.Mono;

/**
 * A server tool: what the registry shows whoever proposes calls (name, description, argument schema)
 * and what it enforces (permission, approval). Adding a tool is one class implementing this, as a
 * Spring component, and its tests; the registry finds it.
 */
public interface Tool {

    /** Lower-case, as calls name it. */
    String name();

    /** One sentence on when to use it: the planner's (and next, the model's) guide. */
    String description();

    ToolArguments arguments();

    Permission permission();

    /** Whether the user must approve each call before it runs: actions that cannot be undone. */
    default boolean needsApproval() {
        return false;
    }

    /** What a call would do, as the approval card asks it; only tools that need approval are asked. */
    default Mono<String> consequence(Map<String, String> arguments, Caller caller) {
        return Mono.just("Run " + name() + "?");
    }

    /** Runs a call whose arguments fit {@link #arguments()} and that the registry allowed. */
    Mono<ToolResult> run(Map<String, String> arguments, Caller caller);
}
