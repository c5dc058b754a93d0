package org.hybridchat.client.suggest.worker;

import org.hybridchat.client.suggest.CharModel;
import org.hybridchat.client.suggest.Suggester;
import org.hybridchat.client.suggest.Suggester.Suggestion;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Performance;

/**
 * The suggestion model's Web Worker, so that typing never waits on it. TeaVM compiles this class, and
 * what it reaches, twice: to Wasm GC ({@code js/worker.wasm}) and to JavaScript
 * ({@code js/worker-teavm.js}); {@code js/worker.js} starts whichever the browser can run and passes
 * its name as the argument. The worker loads the model file ({@link ModelFile}), says "ready", then
 * answers every "suggest" message with a "suggestion" (see {@link WorkerMessage}).
 */
public final class SuggestWorker {

    /**
     * The model file, under {@code static/}. Its URL is the cache key: retrained weights get a new
     * file name, or browsers that cached the old file would keep it.
     */
    public static final String MODEL_FILE = "model/suggest-chars-1.bin";

    private SuggestWorker() {}

    public static void main(String[] args) {
        String target = args.length > 0 ? args[0] : "js";
        String url = "../" + MODEL_FILE; // relative to js/worker.js
        ModelFile.load(url, (loaded, total) -> post(progress(loaded, total)), (bytes, source) -> {
            Suggester suggester;
            try {
                suggester = new Suggester(CharModel.read(bytes));
            } catch (IllegalArgumentException e) {
                post(failed(e.getMessage()));
                return;
            }
            onMessage(request -> {
                double start = Performance.now();
                Suggestion suggestion = suggester.suggest(request.getText());
                double millis = Performance.now() - start;
                post(suggestion(request.getId(), suggestion.text(), suggestion.probability(), millis));
            });
            post(ready(target, source, bytes.length));
        }, problem -> post(failed(problem)));
    }

    @JSFunctor
    interface MessageHandler extends JSObject {
        void handle(WorkerMessage message);
    }

    @JSBody(params = "handler", script = "self.onmessage = event => handler(event.data);")
    private static native void onMessage(MessageHandler handler);

    @JSBody(params = "message", script = "self.postMessage(message);")
    private static native void post(JSObject message);

    @JSBody(params = {"loaded", "total"}, script = "return {type: 'progress', loaded: loaded, total: total};")
    private static native JSObject progress(int loaded, int total);

    @JSBody(params = {"target", "source", "total"},
            script = "return {type: 'ready', target: target, source: source, total: total};")
    private static native JSObject ready(String target, String source, int total);

    @JSBody(params = "text", script = "return {type: 'failed', text: text};")
    private static native JSObject failed(String text);

    @JSBody(params = {"id", "text", "probability", "millis"},
            script = "return {type: 'suggestion', id: id, text: text, probability: probability, millis: millis};")
    private static native JSObject suggestion(int id, String text, double probability, double millis);
}
