package org.hybridchat.client.suggest.page;

import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.html.HTMLTextAreaElement;

/**
 * Shows the model's suggestion as grey "ghost" text after what is being typed, asked for on every
 * keystroke from the worker, with no network involved. {@code #suggestion} holds exactly what Tab
 * appends to the input; a transparent copy of the typed text in front of it ({@code #typed}) lines it
 * up with the caret. Esc hides it until the next keystroke.
 */
public final class SuggestionField {

    private final HTMLTextAreaElement input;
    private final HTMLElement typed;
    private final HTMLElement suggestion;
    private final SuggestWorkerHandle worker;
    private boolean dismissed;

    public SuggestionField(HTMLTextAreaElement input, HTMLElement typed, HTMLElement suggestion, SuggestWorkerHandle worker) {
        this.input = input;
        this.typed = typed;
        this.suggestion = suggestion;
        this.worker = worker;
        input.onInput(e -> {
            dismissed = false;
            refresh();
        });
        input.onKeyDown(this::onKeyDown);
    }

    /** Asks again for the input's current text, e.g. after the page changed it. */
    public void refresh() {
        String text = input.getValue();
        typed.setTextContent(text);
        show(""); // the old guess may not fit the new text; the new one follows within a millisecond
        boolean caretAtEnd = input.getSelectionStart() == text.length() && input.getSelectionEnd() == text.length();
        if (!dismissed && caretAtEnd) {
            worker.suggest(text);
        }
    }

    /** Shows the worker's answer, unless the text has changed since it was asked for. */
    public void show(SuggestWorkerHandle.Answer answer) {
        if (!dismissed && answer.text().equals(input.getValue())) {
            show(answer.suggestion());
        }
    }

    private void show(String guess) {
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
