package org.hybridchat.client.stream;

import org.teavm.jso.ajax.XMLHttpRequest;
import org.teavm.jso.browser.Window;

/**
 * Whether the server can be reached, as far as the page knows. After a failed attempt it probes
 * {@code GET api/health} (any 2xx means up) with pauses that double from half a second to five, so a
 * restarting server is found again within seconds without the page hammering one that is down.
 */
public final class ServerHealth {

    private static final int FIRST_PAUSE_MILLIS = 500;
    private static final int MAX_PAUSE_MILLIS = 5000;

    /** Told when the server goes out of reach and when it is back. */
    public interface Listener {
        void unreachable();

        void back();
    }

    private final Listener listener;
    private boolean reachable = true;

    public ServerHealth(Listener listener) {
        this.listener = listener;
    }

    public boolean isReachable() {
        return reachable;
    }

    /** A request just failed for want of the server: probe until it answers again. */
    public void failed() {
        if (!reachable) {
            return; // already probing
        }
        reachable = false;
        listener.unreachable();
        probeAfter(FIRST_PAUSE_MILLIS);
    }

    /** A request just reached the server: no need to probe any longer. */
    public void succeeded() {
        if (!reachable) {
            reachable = true;
            listener.back();
        }
    }

    private void probeAfter(int pause) {
        Window.setTimeout(() -> {
            if (reachable) {
                return; // a message got through meanwhile
            }
            XMLHttpRequest xhr = new XMLHttpRequest();
            xhr.open("GET", "api/health");
            xhr.onLoad(e -> {
                if (xhr.getStatus() >= 200 && xhr.getStatus() < 300) {
                    succeeded();
                } else {
                    probeAfter(Math.min(2 * pause, MAX_PAUSE_MILLIS));
                }
            });
            xhr.onError(e -> probeAfter(Math.min(2 * pause, MAX_PAUSE_MILLIS)));
            xhr.send();
        }, pause);
    }
}
