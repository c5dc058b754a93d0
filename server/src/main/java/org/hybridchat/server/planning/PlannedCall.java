package org.hybridchat.server.planning;

import java.util.Map;
import java.util.TreeMap;

import org.hybridchat.server.tools.ToolArguments;

/** A proposed tool call: the tool's name and its arguments, as the planner read them from the message. */
public record PlannedCall(String tool, Map<String, String> arguments) {

    public PlannedCall {
        arguments = Map.copyOf(arguments);
    }

    /** The arguments as the JSON object a tool call carries. */
    public String argumentsJson() {
        return ToolArguments.json(new TreeMap<>(arguments));
    }
}
