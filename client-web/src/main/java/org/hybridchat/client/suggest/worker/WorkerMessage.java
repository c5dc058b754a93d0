package org.hybridchat.client.suggest.worker;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * A message between the page and the suggestion worker: a plain JS object, which postMessage copies
 * across. Its {@code type} says which other fields it has:
 * <pre>
 *   page -> worker   "suggest"     id, text (the whole input, caret at its end)
 *   worker -> page   "progress"    loaded, total (bytes of the model file; total 0 if not known)
 *                    "ready"       target ("wasm" or "js"), source ("cache" or "network"), total
 *                    "failed"      text (what went wrong)
 *                    "suggestion"  id (the request's), text, probability, millis (the model's time)
 * </pre>
 */
public interface WorkerMessage extends JSObject {

    @JSProperty
    String getType();

    @JSProperty
    int getId();

    @JSProperty
    String getText();

    @JSProperty
    double getMillis();

    @JSProperty
    int getLoaded();

    @JSProperty
    int getTotal();

    @JSProperty
    String getTarget();

    @JSProperty
    String getSource();
}
