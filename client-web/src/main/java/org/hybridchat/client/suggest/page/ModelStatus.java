package org.hybridchat.client.suggest.page;

import org.hybridchat.client.conversation.ReplyTiming;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The on-device model's state under the input: a progress bar ({@code #model-progress}) while the
 * first visit downloads the weights, then a line ({@code #model-status}) saying what runs the model,
 * where its weights came from and how long the last suggestion took. {@code #model-status} carries
 * {@code data-state} (loading, ready, failed) and, once ready, {@code data-target} and
 * {@code data-source}.
 */
public final class ModelStatus implements SuggestWorkerHandle.Listener {

    private final HTMLElement progress;
    private final HTMLElement status;
    private String description = "";

    public ModelStatus(HTMLElement progress, HTMLElement status) {
        this.progress = progress;
        this.status = status;
        status.setAttribute("data-state", "loading");
        status.setTextContent("Loading the on-device model…");
    }

    @Override
    public void progress(int loaded, int total) {
        progress.setHidden(false);
        if (total > 0) {
            progress.setAttribute("max", Integer.toString(total));
            progress.setAttribute("value", Integer.toString(loaded));
        }
        status.setTextContent("Loading the on-device model… " + kilobytes(loaded)
                + (total > 0 ? " of " + kilobytes(total) : ""));
    }

    @Override
    public void ready(String target, String source, int bytes) {
        progress.setHidden(true);
        status.setAttribute("data-state", "ready");
        status.setAttribute("data-target", target);
        status.setAttribute("data-source", source);
        description = "Suggestions: on this device, " + (target.equals("wasm") ? "WebAssembly" : "JavaScript")
                + " worker, " + kilobytes(bytes) + " model " + (source.equals("cache") ? "from the browser's cache" : "downloaded");
        status.setTextContent(description);
    }

    @Override
    public void failed(String message) {
        progress.setHidden(true);
        status.setAttribute("data-state", "failed");
        status.setTextContent("Suggestions are off: " + message + ".");
    }

    /** Shows how long the model took for the last keystroke. */
    public void answered(double millis) {
        status.setTextContent(description + " · last suggestion " + ReplyTiming.milliseconds(millis));
    }

    private static String kilobytes(int bytes) {
        return Math.round(bytes / 1024.0) + " KB";
    }
}
