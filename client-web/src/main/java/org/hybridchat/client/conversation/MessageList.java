package org.hybridchat.client.conversation;

import org.teavm.jso.dom.html.HTMLDocument;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.xml.Node;

/**
 * The conversation on the page ({@code #messages}). Each message is
 * {@code <div class="message user|assistant"><div class="text">…</div></div>}, and an assistant's also
 * has a {@code .placement} line saying where it was computed and how long it took. Everything the
 * user typed or a model wrote goes in as text nodes, never as HTML: a reply that reads
 * {@code <img src=x onerror=…>} shows exactly that.
 */
public final class MessageList {

    private final HTMLDocument document;
    private final HTMLElement container;

    public MessageList(HTMLDocument document, HTMLElement container) {
        this.document = document;
        this.container = container;
    }

    public void addUser(String text) {
        message("user").appendChild(div("text", text));
        scrollToEnd();
    }

    /** An earlier reply, from the session's history: where it came from is known, its timing is not. */
    public void addEarlierReply(String placement, String text) {
        HTMLElement message = message("assistant");
        message.appendChild(div("text", text));
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
