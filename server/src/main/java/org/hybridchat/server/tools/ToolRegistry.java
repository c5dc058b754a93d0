package org.hybridchat.server.tools;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.tools.ToolArguments.InvalidArgumentsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every tool the server has, and the one place a call is decided: whatever proposed it, the call
 * runs only if the tool exists, the caller has its permission, its arguments fit its schema and,
 * for a tool that needs it, the user approved this very call. A call that does not run still gets
 * an answer (refused, failed), so nothing is skipped silently.
 */
@Component
public class ToolRegistry {
    private static final Logger log = LoggerFactory.getLogger(ToolRegistry.class);

    /** What became of a call. */
    public sealed interface Decision {
        /** It ran, or was refused or failed: {@code result} says which. */
        record Answered(ToolResult result) implements Decision {}

        /** It waits for the user: {@code question} says what would happen. */
        record AwaitingApproval(String question) implements Decision {}
    }

    private final Map<String, Tool> tools = new TreeMap<>();
    private final MeterRegistry metrics;

    public ToolRegistry(List<Tool> tools, MeterRegistry metrics) {
        for (Tool tool : tools) {
            if (this.tools.put(tool.name(), tool) != null) {
                throw new IllegalStateException("two tools are named " + tool.name());
            }
        }
        this.metrics = metrics;
    }

    /** Every tool, in the order of their names, as whoever proposes calls may see them. */
    public List<Tool> tools() {
        return List.copyOf(tools.values());
    }

    /** Decides a call; {@code approved} only when the user approved this call (see ApprovalStore). */
    public Mono<Decision> call(ToolCall call, Caller caller, boolean approved) {
        Tool tool = tools.get(call.tool());
        if (tool == null) {
            return answered(call, new ToolResult.Failed("There is no tool called '" + call.tool() + "'."), "unknown");
        }
        if (!caller.may(tool.permission())) {
            return answered(call, new ToolResult.Refused(tool.name() + " needs the " + tool.permission().name()
                    .toLowerCase() + " role, which this request does not have."), "refused");
        }
        Map<String, String> arguments;
        try {
            arguments = tool.arguments().read(call.arguments());
        } catch (InvalidArgumentsException e) {
            return answered(call, new ToolResult.Failed(e.getMessage()), "invalid");
        }
        if (tool.needsApproval() && !approved) {
            count(call, "awaiting_approval");
            return tool.consequence(arguments, caller).map(Decision.AwaitingApproval::new);
        }
        return tool.run(arguments, caller)
                .onErrorResume(failure -> {
                    log.error("Tool {} failed", tool.name(), failure);
                    return Mono.just(new ToolResult.Failed("The " + tool.name() + " tool failed."));
                })
                .doOnNext(result -> count(call, result instanceof ToolResult.Failed ? "failed" : "ran"))
                .map(Decision.Answered::new);
    }

    private Mono<Decision> answered(ToolCall call, ToolResult result, String outcome) {
        count(call, outcome);
        return Mono.just(new Decision.Answered(result));
    }

    private void count(ToolCall call, String outcome) {
        String tool = tools.containsKey(call.tool()) ? call.tool() : "unknown";
        metrics.counter("hybridchat.tool.calls", "tool", tool, "outcome", outcome).increment();
    }
}
