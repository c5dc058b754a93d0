package org.hybridchat.contract;

/** One turn of a conversation as stored and as returned by {@code GET /api/sessions/{id}/messages}. */
public record ChatMessage(Role role, String content) {

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }
}
