package org.hybridchat.server.tools;

/** A proposed call: {@code arguments} is the JSON object the proposer wrote, unchecked until the registry reads it. */
public record ToolCall(String id, String tool, String arguments) {}
