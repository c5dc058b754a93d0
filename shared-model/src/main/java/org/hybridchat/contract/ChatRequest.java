package org.hybridchat.contract;

import java.util.List;

/**
 * The body of {@code POST /api/chat}: one new user message, in an existing session or (with a null
 * {@code sessionId}) in a new one that the server names; or, instead of a message, the user's
 * answers ({@link Resume}) to the interrupts the session's last run ended with.
 */
public record ChatRequest(String sessionId, String message, List<Resume> resume) {

    /** Longest message the server accepts, in UTF-16 chars: the model's context is far smaller anyway. */
    public static final int MAX_MESSAGE_LENGTH = 4000;

    public ChatRequest {
        resume = List.copyOf(resume);
    }

    /** A new message. */
    public ChatRequest(String sessionId, String message) {
        this(sessionId, message, List.of());
    }
}
