package org.hybridchat.client.conversation;

import java.util.HashMap;
import java.util.Map;
import org.hybridchat.contract.Interrupt;
import org.teavm.jso.dom.html.HTMLButtonElement;
import org.teavm.jso.dom.html.HTMLDocument;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.xml.Node;

/**
 * The conversation on the page ({@code #messages}). Each message is
 * {@code <div class="message user|assistant"><div class="text">…</div></div>}, and an assistant's also
 * has a {@code .placement} line saying where it was computed and how long it took. An assistant's text
 * may hold fenced code, shown as code blocks ({@link RichText}), and a reply may hold tool-call cards
 * ({@link ToolCard}) and an approval card ({@link ApprovalCard}). Everything the user typed, a model
 * wrote or a tool returned goes in as text nodes and attributes, never as HTML: a reply that reads
 * {@code <img src=x onerror=…>} shows exactly that.
 */
public final class MessageList {

    /** What the conversation's own controls ask the page to do. */
    public interface Actions {
        /** Sends {@code question} through the page's normal send path, as if the user had typed it. */
        void ask(String question);

        /** Sends the user's answer to {@code interrupt}; false when it cannot be sent now. */
        boolean resume(Interrupt interrupt, boolean approved);
    }

    private final HTMLDocument document;
    private final HTMLElement container;
    private final Actions actions;
    private final Map<String, ToolCard> toolCards = new HashMap<>(); // every reply's, by tool call id

    public MessageList(HTMLDocument document, HTMLElement container, Actions actions) {
        this.document = document;
        this.container = container;
        this.actions = actions;
    }

    public void addUser(String text) {
        message("user").appendChild(div("text", text));
        scrollToEnd();
    }

    /** An earlier reply, from the session's history: where it came from is known, its timing is not. */
    public void addEarlierReply(String placement, String text) {
        HTMLElement message = message("assistant");
        HTMLElement content = div("text", null);
        message.appendChild(content);
        new RichText(this, content).append(text);
        message.appendChild(ReplyView.placementLine(this, placement, placement + " · earlier"));
        scrollToEnd();
    }

    /**
     * A line about the conversation itself, such as a new one starting ({@code .notice}), put above the
     * user message that {@code reply} answers.
     */
    public void addNoticeBefore(ReplyView reply, String text) {
        HTMLElement notice = div("notice", text);
        notice.setAttribute("role", "status");
        Node userMessage = reply.element().getPreviousSibling();
        container.insertBefore(notice, userMessage != null ? userMessage : reply.element());
        scrollToEnd();
    }

    /** An empty assistant message, marked {@code streaming} until its run ends. */
    public ReplyView startReply(ReplyTiming timing) {
        HTMLElement message = message("assistant");
        message.getClassList().add("streaming");
        ReplyView reply = new ReplyView(this, message, timing);
        scrollToEnd();
        return reply;
    }

    HTMLElement div(String className, String text) {
        return element("div", className, text);
    }

    HTMLElement element(String tag, String className, String text) {
        HTMLElement element = document.createElement(tag);
        if (className != null) {
            element.setClassName(className);
        }
        if (text != null) {
            element.setTextContent(text);
        }
        return element;
    }

    HTMLButtonElement button(String className, String label, Runnable onClick) {
        HTMLButtonElement button = element("button", className, label).cast();
        button.setType("button");
        button.onClick(e -> onClick.run());
        return button;
    }

    /** A term as a button that asks about it: "what is {@code term}?". */
    HTMLElement chip(String term) {
        HTMLElement chip = button("chip", term, () -> actions.ask("what is " + term + "?"));
        chip.setAttribute("data-term", term);
        return chip;
    }

    Actions actions() {
        return actions;
    }

    /** The latest card shown for a tool call, in any reply, or null. */
    ToolCard toolCard(String toolCallId) {
        return toolCards.get(toolCallId);
    }

    void remember(ToolCard card) {
        toolCards.put(card.id(), card);
    }

    HTMLDocument document() {
        return document;
    }

    void scrollToEnd() {
        container.setScrollTop(container.getScrollHeight());
    }

    private HTMLElement message(String role) {
        HTMLElement message = div("message " + role, null);
        container.appendChild(message);
        return message;
    }
}
