package org.hybridchat.client.conversation;

import org.hybridchat.contract.Interrupt;
import org.teavm.jso.JSBody;
import org.teavm.jso.browser.Window;
import org.teavm.jso.dom.html.HTMLButtonElement;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * A run that ended to ask the user (an AG-UI interrupt), as a card:
 * {@code <div class="approval-card" data-interrupt-id="…" data-tool-call-id="…" data-state="…">}
 * with the interrupt's {@code .approval-message}, when it expires ({@code .approval-expiry}),
 * {@code button.approve} and {@code button.deny}, and {@code .approval-outcome}. A click sends the
 * answer ({@link MessageList.Actions#resume}); then both buttons are disabled and the card says what
 * was chosen ({@code data-state} {@code approved} or {@code denied}). Once {@code expiresAt} has
 * passed, on this device's clock, they are disabled too ({@code expired}); the server decides anyway.
 */
final class ApprovalCard {

    private static final double LONGEST_TIMER = 2147483647; // setTimeout fires at once beyond it

    private final MessageList list;
    private final Interrupt interrupt;
    private final double expiresAt; // NaN when unknown
    private final HTMLElement card;
    private final HTMLButtonElement approve;
    private final HTMLButtonElement deny;
    private final HTMLElement outcome;
    private final Runnable onExpiry;
    private String state = "pending";

    /** {@code onExpiry} runs if the time to answer passes before an answer. */
    ApprovalCard(MessageList list, Interrupt interrupt, Runnable onExpiry) {
        this.list = list;
        this.interrupt = interrupt;
        this.onExpiry = onExpiry;
        this.expiresAt = parseInstant(interrupt.expiresAt());
        card = list.div("approval-card", null);
        card.setAttribute("data-interrupt-id", interrupt.id());
        if (interrupt.toolCallId() != null) {
            card.setAttribute("data-tool-call-id", interrupt.toolCallId());
        }
        card.setAttribute("data-reason", interrupt.reason());
        card.appendChild(list.element("p", "approval-message", interrupt.message()));
        if (!Double.isNaN(expiresAt)) {
            card.appendChild(list.element("p", "approval-expiry", "Answer by " + localTime(expiresAt) + "."));
        }
        HTMLElement buttons = list.div("approval-buttons", null);
        approve = list.button("approve", "Approve", () -> choose(true));
        deny = list.button("deny", "Deny", () -> choose(false));
        buttons.appendChild(approve);
        buttons.appendChild(deny);
        card.appendChild(buttons);
        outcome = list.element("p", "approval-outcome", null);
        card.appendChild(outcome);
        card.setAttribute("data-state", state);
        if (expired()) {
            expire();
        } else if (!Double.isNaN(expiresAt) && expiresAt - now() < LONGEST_TIMER) {
            Window.setTimeout(this::expire, expiresAt - now() + 50);
        }
    }

    HTMLElement element() {
        return card;
    }

    private void choose(boolean approved) {
        if (!state.equals("pending")) {
            return;
        }
        if (expired()) {
            expire();
            return;
        }
        if (!list.actions().resume(interrupt, approved)) {
            outcome.setTextContent("A reply is still coming: choose once it has finished.");
            return;
        }
        settle(approved ? "approved" : "denied", approved ? "You approved it." : "You denied it.");
    }

    private void expire() {
        if (state.equals("pending")) {
            settle("expired", "The time to answer has passed.");
            onExpiry.run();
        }
    }

    private void settle(String newState, String text) {
        state = newState;
        card.setAttribute("data-state", newState);
        approve.setDisabled(true);
        deny.setDisabled(true);
        outcome.setTextContent(text);
    }

    private boolean expired() {
        return !Double.isNaN(expiresAt) && now() >= expiresAt;
    }

    @JSBody(params = "iso", script = "return iso == null ? NaN : Date.parse(iso);")
    private static native double parseInstant(String iso);

    @JSBody(script = "return Date.now();")
    private static native double now();

    @JSBody(params = "millis", script = "return new Date(millis).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'});")
    private static native String localTime(double millis);
}
