package org.hybridchat.contract;

import java.util.List;

/** A session's messages, oldest first. */
public record Conversation(String sessionId, List<ChatMessage> messages) {}
