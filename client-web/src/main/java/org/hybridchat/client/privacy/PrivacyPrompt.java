package org.hybridchat.client.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.hybridchat.contract.Pii;
import org.hybridchat.contract.Pii.Finding;
import org.hybridchat.contract.Pii.Kind;
import org.teavm.jso.dom.html.HTMLButtonElement;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The bar that stops a message bound for the server when {@link Pii} (the contract's detector, which
 * the server's output filter uses too) finds something in it ({@code #privacy}): it says what was
 * found, shows the message as it would read redacted ({@code #privacy-preview}), and lets the user
 * choose: {@code #redact-send}, {@code #send-as-is}, or {@code #privacy-edit} to go back to the message.
 */
public final class PrivacyPrompt {

    private final HTMLElement bar;
    private final HTMLElement summary;
    private final HTMLElement preview;
    private Runnable redact = () -> { };
    private Runnable asIs = () -> { };

    public PrivacyPrompt(HTMLElement bar, HTMLElement summary, HTMLElement preview, HTMLButtonElement redactButton,
                         HTMLButtonElement asIsButton, HTMLButtonElement editButton, Runnable onEdit) {
        this.bar = bar;
        this.summary = summary;
        this.preview = preview;
        redactButton.onClick(e -> choose(redact));
        asIsButton.onClick(e -> choose(asIs));
        editButton.onClick(e -> choose(onEdit));
    }

    /** Asks what to send; {@code send} then gets the message redacted or as it is. */
    public void ask(String message, List<Finding> findings, Consumer<String> send) {
        String redacted = Pii.redact(message, findings);
        redact = () -> send.accept(redacted);
        asIs = () -> send.accept(message);
        summary.setTextContent("This message contains " + describe(findings)
                + ". It would leave this device for the server.");
        preview.setTextContent(redacted);
        bar.setHidden(false);
    }

    public boolean isOpen() {
        return !bar.isHidden();
    }

    private void choose(Runnable choice) {
        bar.setHidden(true);
        choice.run();
    }

    /** For example "an email address, 2 phone numbers and a card number". */
    static String describe(List<Finding> findings) {
        List<String> phrases = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            long count = findings.stream().filter(f -> f.kind() == kind).count();
            if (count > 0) {
                phrases.add(count == 1 ? one(kind) : count + " " + many(kind));
            }
        }
        String last = phrases.remove(phrases.size() - 1);
        return phrases.isEmpty() ? last : String.join(", ", phrases) + " and " + last;
    }

    private static String one(Kind kind) {
        return switch (kind) {
            case EMAIL -> "an email address";
            case PHONE -> "a phone number";
            case CARD -> "a card number";
        };
    }

    private static String many(Kind kind) {
        return switch (kind) {
            case EMAIL -> "email addresses";
            case PHONE -> "phone numbers";
            case CARD -> "card numbers";
        };
    }
}
