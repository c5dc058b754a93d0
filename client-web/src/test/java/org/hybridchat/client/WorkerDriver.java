package org.hybridchat.client;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Talks to the suggestion worker the way the page does, through its message protocol
 * ({@code suggest.worker.WorkerMessage}), from inside a loaded page: starts {@code js/worker.js?target=...},
 * waits for "ready", sends each text in turn and collects the answers. The parity test compares them
 * with the JVM; the benchmark times them.
 */
final class WorkerDriver {

    /** One answer: what the worker suggested, its probability, the model's time, and the round trip seen by the page. */
    record Answer(String text, double probability, double millis, double roundTripMillis) {}

    private static final String SCRIPT = """
            const [target, texts, done] = arguments;
            const worker = new Worker('js/worker.js?target=' + target);
            const answers = [];
            let next = 0;
            let sentAt = 0;
            function ask() {
              if (next === texts.length) {
                worker.terminate();
                done({target: target, answers: answers});
                return;
              }
              sentAt = performance.now();
              worker.postMessage({type: 'suggest', id: next, text: texts[next++]});
            }
            worker.onmessage = event => {
              const m = event.data;
              if (m.type === 'ready') {
                ask();
              } else if (m.type === 'suggestion') {
                answers.push([m.text, m.probability, m.millis, performance.now() - sentAt]);
                ask();
              } else if (m.type === 'failed') {
                done({target: target, failed: m.text});
              }
            };
            worker.onerror = event => done({target: target, failed: event.message});
            """;

    private WorkerDriver() {}

    /** The worker's answers to {@code texts}, in order, from the {@code target} build ("wasm" or "js"). */
    @SuppressWarnings("unchecked")
    static List<Answer> suggest(JavascriptExecutor browser, String target, List<String> texts) {
        Map<String, Object> result = (Map<String, Object>) browser.executeAsyncScript(SCRIPT, target, texts);
        if (result.containsKey("failed")) {
            throw new AssertionError("the " + target + " worker failed: " + result.get("failed"));
        }
        return ((List<List<Object>>) result.get("answers")).stream()
                .map(a -> new Answer((String) a.get(0), number(a.get(1)), number(a.get(2)), number(a.get(3))))
                .toList();
    }

    // WebDriver hands JS numbers back as Long when they are whole, Double otherwise.
    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }
}
