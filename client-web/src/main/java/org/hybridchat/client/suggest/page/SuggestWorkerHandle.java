package org.hybridchat.client.suggest.page;

import java.util.function.Consumer;
import org.hybridchat.client.suggest.worker.WorkerMessage;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.workers.Worker;

/**
 * The page's side of the suggestion worker ({@link org.hybridchat.client.suggest.worker.SuggestWorker}): starts it, passes on its loading
 * progress, and asks it for suggestions. At most one request is in flight: text typed meanwhile
 * waits, and only the newest waiting text is sent, so a slow device skips stale keystrokes instead of
 * queueing them.
 */
public final class SuggestWorkerHandle {

    /** What the worker reports while it starts. */
    public interface Listener {
        void progress(int loaded, int total);

        /** {@code target}: "wasm" or "js"; {@code source}: "cache" or "network"; {@code bytes}: the model file's size. */
        void ready(String target, String source, int bytes);

        void failed(String message);
    }

    /** The answer for one text: what Tab would append, and the model's time for it. */
    public record Answer(String text, String suggestion, double millis) {}

    private final Worker worker;
    private final Listener listener;
    private Consumer<Answer> onAnswer = answer -> { };
    private boolean ready;
    private int lastId;
    private String inFlight;   // the text the worker is working on, or null
    private String waiting;    // the newest text typed since, or null

    /** {@code target}: "wasm" or "js" to force a build, or null to let {@code worker.js} choose. */
    public SuggestWorkerHandle(String target, Listener listener) {
        this.listener = listener;
        worker = new Worker(target == null ? "js/worker.js" : "js/worker.js?target=" + target);
        worker.onMessage(event -> receive(event.getData().cast()));
        worker.onError(event -> listener.failed("the suggestion worker stopped: " + event.getMessage()));
    }

    public void onAnswer(Consumer<Answer> onAnswer) {
        this.onAnswer = onAnswer;
    }

    public boolean isReady() {
        return ready;
    }

    /** Asks for the suggestion for {@code text}; the answer goes to {@link #onAnswer}. */
    public void suggest(String text) {
        if (!ready) {
            return;
        }
        if (inFlight != null) {
            waiting = text;
            return;
        }
        inFlight = text;
        worker.postMessage(request(++lastId, text));
    }

    private void receive(WorkerMessage message) {
        switch (message.getType()) {
            case "progress" -> listener.progress(message.getLoaded(), message.getTotal());
            case "ready" -> {
                ready = true;
                listener.ready(message.getTarget(), message.getSource(), message.getTotal());
            }
            case "failed" -> listener.failed(message.getText());
            case "suggestion" -> {
                String text = inFlight;
                inFlight = null;
                onAnswer.accept(new Answer(text, message.getText(), message.getMillis()));
                if (waiting != null) {
                    String next = waiting;
                    waiting = null;
                    suggest(next);
                }
            }
            default -> listener.failed("the suggestion worker sent a '" + message.getType() + "' message");
        }
    }

    @JSBody(params = {"id", "text"}, script = "return {type: 'suggest', id: id, text: text};")
    private static native JSObject request(int id, String text);
}
