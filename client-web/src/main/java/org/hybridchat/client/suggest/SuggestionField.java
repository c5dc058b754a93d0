package org.hybridchat.client.suggest;

import java.util.function.Consumer;
import org.teavm.jso.ajax.XMLHttpRequest;
import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.html.HTMLTextAreaElement;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * Shows the model's suggestion as grey "ghost" text after what is being typed, recomputed on every
 * keystroke with no network involved. {@code #suggestion} holds exactly what Tab appends to the
 * input; a transparent copy of the typed text in front of it ({@code #typed}) lines it up with the
 * caret. Esc hides it until the next keystroke.
 */
public final class SuggestionField {

    private final HTMLTextAreaElement input;
    private final HTMLElement typed;
    private final HTMLElement suggestion;
    private NgramModel model;
    private boolean dismissed;

    public SuggestionField(HTMLTextAreaElement input, HTMLElement typed, HTMLElement suggestion) {
        this.input = input;
        this.typed = typed;
        this.suggestion = suggestion;
        input.onInput(e -> {
            dismissed = false;
            refresh();
        });
        input.onKeyDown(this::onKeyDown);
    }

    /** Fetches the model file; until it arrives, and if it never does, there are no suggestions. */
    public void load(String url, Consumer<String> onProblem) {
        XMLHttpRequest xhr = new XMLHttpRequest();
        xhr.open("GET", url);
        xhr.setResponseType("arraybuffer");
        xhr.onLoad(e -> {
            if (xhr.getStatus() != 200) {
                onProblem.accept("Suggestions are off: " + url + " answered " + xhr.getStatus() + ".");
                return;
            }
            byte[] bytes = Int8Array.create(xhr.getResponse().<ArrayBuffer>cast()).copyToJavaArray();
            try {
                model = NgramModel.read(bytes);
            } catch (IllegalArgumentException ex) {
                onProblem.accept("Suggestions are off: " + ex.getMessage() + ".");
                return;
            }
            refresh();
        });
        xhr.onError(e -> onProblem.accept("Suggestions are off: " + url + " could not be fetched."));
        xhr.send();
    }

    /** Recomputes the suggestion for the input's current text, e.g. after the page changed it. */
    public void refresh() {
        String text = input.getValue();
        typed.setTextContent(text);
        boolean caretAtEnd = input.getSelectionStart() == text.length() && input.getSelectionEnd() == text.length();
        String guess = model == null || dismissed || !caretAtEnd ? "" : model.suggest(text).orElse("");
        suggestion.setTextContent(guess);
        suggestion.setHidden(guess.isEmpty());
    }

    private void onKeyDown(KeyboardEvent event) {
        String guess = suggestion.getTextContent();
        if (event.getKey().equals("Tab") && !guess.isEmpty() && !event.isShiftKey()) {
            event.preventDefault(); // accept instead of moving the focus on
            input.setValue(input.getValue() + guess);
            refresh();
        } else if (event.getKey().equals("Escape") && !guess.isEmpty()) {
            dismissed = true;
            refresh();
        }
    }
}
