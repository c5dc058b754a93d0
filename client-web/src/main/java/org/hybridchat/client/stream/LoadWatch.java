package org.hybridchat.client.stream;

import java.util.function.Consumer;
import org.hybridchat.contract.ServerLoad;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.contract.WireFormatException;
import org.teavm.jso.ajax.XMLHttpRequest;
import org.teavm.jso.browser.Window;

/**
 * Asks {@code GET api/load} how busy the server is, every two seconds, for as long as the page is
 * open. Each poll waits for the answer to the last one, so a slow server is never asked twice at
 * once; a failed poll reports null (the load is unknown) and the polls go on.
 */
public final class LoadWatch {

    private static final int PAUSE_MILLIS = 2000;

    private final Consumer<ServerLoad> listener;

    private LoadWatch(Consumer<ServerLoad> listener) {
        this.listener = listener;
    }

    /** Starts polling at once; {@code listener} gets each load, or null when it could not be read. */
    public static void start(Consumer<ServerLoad> listener) {
        new LoadWatch(listener).poll();
    }

    private void poll() {
        XMLHttpRequest xhr = new XMLHttpRequest();
        xhr.open("GET", "api/load");
        xhr.setRequestHeader("Accept", "application/json");
        xhr.onLoad(e -> {
            listener.accept(xhr.getStatus() == 200 ? decode(xhr.getResponseText()) : null);
            pause();
        });
        xhr.onError(e -> {
            listener.accept(null);
            pause();
        });
        xhr.send();
    }

    private void pause() {
        Window.setTimeout(this::poll, PAUSE_MILLIS);
    }

    private static ServerLoad decode(String json) {
        try {
            return WireFormat.decodeServerLoad(json);
        } catch (WireFormatException e) {
            return null;
        }
    }
}
