package org.hybridchat.contract;

/**
 * The body of {@code POST /api/chat}: one new user message, in an existing session or (with a null
 * {@code sessionId}) in a new one that the server names.
 */
public record ChatRequest(String sessionId, String message) {

    /** Longest message the server accepts, in UTF-16 chars: the model's context is far smaller anyway. */
    public static final int MAX_MESSAGE_LENGTH = 4000;
}
