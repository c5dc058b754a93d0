package org.hybridchat.client;

import org.teavm.jso.browser.Storage;

/**
 * The chat session this browser is in, kept in localStorage so that a reload (or tomorrow's visit)
 * continues the conversation. The server names sessions; the page only remembers the name.
 */
final class SavedSession {

    private static final String KEY = "hybridchat.sessionId";

    private final Storage storage = Storage.getLocalStorage();

    /** The saved session id, or null before the first reply. */
    String id() {
        return storage.getItem(KEY);
    }

    void remember(String sessionId) {
        storage.setItem(KEY, sessionId);
    }

    void forget() {
        storage.removeItem(KEY);
    }
}
