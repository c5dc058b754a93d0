package org.hybridchat.client.conversation;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a reply was computed and how long it took, as the user felt it: measured in the browser from
 * the moment the message was sent, so it includes the network, not just the model.
 * Times are milliseconds from one clock ({@code performance.now()} in the page).
 */
public final class ReplyTiming {

    private final String placement;
    private final double sentAt;
    private double firstTokenAt = Double.NaN;
    /** The engines that wrote the reply, in order, when the server said (it does when one was not its own model). */
    private final List<String> engines = new ArrayList<>();

    public ReplyTiming(String placement, double sentAt) {
        this.placement = placement;
        this.sentAt = sentAt;
    }

    public String placement() {
        return placement;
    }

    /** When the request was sent, on the page's clock. */
    public double sentAt() {
        return sentAt;
    }

    /** Marks the arrival of content; only the first call counts. */
    public void token(double now) {
        if (Double.isNaN(firstTokenAt)) {
            firstTokenAt = now;
        }
    }

    /** The server says which engine writes the reply from here on. */
    public void engine(String name) {
        if (engines.isEmpty() || !engines.get(engines.size() - 1).equals(name)) {
            engines.add(name);
        }
    }

    /**
     * For example {@code server · 1.84 s · first token 95 ms}, or {@code server (gpu-1) · …} when an
     * upstream engine wrote it, {@code server (gpu-1 → local) · …} when the server's own model finished it.
     */
    public String finished(double now) {
        String label = where() + " · " + seconds(now - sentAt);
        return Double.isNaN(firstTokenAt) ? label : label + " · first token " + Math.round(firstTokenAt - sentAt) + " ms";
    }

    /**
     * For example {@code device · 0.3 ms}: for an answer computed on this device, whatever placement
     * was planned; {@code offline} adds {@code · offline: answered on this device}.
     */
    public String onDevice(double now, boolean offline) {
        return "device · " + milliseconds(now - sentAt) + (offline ? " · offline: answered on this device" : "");
    }

    /** For example {@code server · failed after 0.31 s}. */
    public String failed(double now) {
        return where() + " · failed after " + seconds(now - sentAt);
    }

    private String where() {
        if (engines.isEmpty()) {
            return placement;
        }
        StringBuilder where = new StringBuilder(placement).append(" (");
        for (int i = 0; i < engines.size(); i++) {
            where.append(i == 0 ? "" : " → ").append(engines.get(i));
        }
        return where.append(')').toString();
    }

    /** For example {@code 0.3 ms} or {@code 12 ms}: a tenth of a millisecond is the browser clock's step. */
    public static String milliseconds(double millis) {
        long tenths = Math.round(millis * 10);
        return tenths >= 100 ? Math.round(millis) + " ms" : tenths / 10 + "." + tenths % 10 + " ms";
    }

    /** For example {@code 12 ms} under a second, {@code 1.84 s} from one second on. */
    public static String duration(double millis) {
        return millis < 1000 ? milliseconds(millis) : seconds(millis);
    }

    // By hand rather than String.format, which would pull a large formatter into the page's script.
    private static String seconds(double millis) {
        long centis = Math.round(millis / 10);
        long fraction = centis % 100;
        return centis / 100 + "." + (fraction < 10 ? "0" : "") + fraction + " s";
    }
}
