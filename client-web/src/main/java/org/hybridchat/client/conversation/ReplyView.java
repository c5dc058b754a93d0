package org.hybridchat.client.conversation;

import java.util.HashMap;
import java.util.Map;
import org.hybridchat.contract.Interrupt;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.CodeBlock;
import org.hybridchat.contract.StreamEvent.Engine;
import org.hybridchat.contract.StreamEvent.Queued;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.StreamEvent.TextMessageEnd;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.contract.StreamEvent.ToolCallArgs;
import org.hybridchat.contract.StreamEvent.ToolCallEnd;
import org.hybridchat.contract.StreamEvent.ToolCallResult;
import org.hybridchat.contract.StreamEvent.ToolCallStart;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * One assistant message filling in while its run streams: while the server makes it wait, a
 * {@code .queued} line with its place in the line; then text (with fenced code as code blocks,
 * {@link RichText}), code blocks and tool-call cards ({@link ToolCard}) in the order they arrive; an
 * approval card ({@link ApprovalCard}) if the run ended to ask; then the placement line, which names
 * the engines that wrote the reply when the server said ({@link Engine}).
 *
 * <p>A run that answers an approval may bring the result of a call an earlier run started: its card
 * here takes the earlier card's name and arguments, and the earlier card, which waited, takes the
 * outcome too.
 */
public final class ReplyView {

    private final MessageList list;
    private final HTMLElement message;
    private final HTMLElement content;
    private final ReplyTiming timing;
    private final Map<String, ToolCard> toolCalls = new HashMap<>();
    private final Map<String, ToolCard> earlierCalls = new HashMap<>(); // the same calls' cards in earlier runs
    private RichText text; // deltas extend it until a new text message, a code block or a card comes between
    private HTMLElement queued;
    private HTMLElement resumedNotice;

    ReplyView(MessageList list, HTMLElement message, ReplyTiming timing) {
        this.list = list;
        this.message = message;
        this.timing = timing;
        this.content = list.div("text", null);
        message.appendChild(content);
    }

    HTMLElement element() {
        return message;
    }

    /** Shows one event of the run; {@code now} is when it arrived. */
    public void apply(StreamEvent event, double now) {
        if (!(event instanceof Queued)) {
            leaveQueue();
        }
        switch (event) {
            case Queued e -> queuedAt(e.position());
            case Engine e -> timing.engine(e.name());
            case TextMessageStart e -> text = null;
            case TextMessageContent e -> {
                timing.token(now);
                appendText(e.delta());
            }
            case CodeBlock e -> {
                timing.token(now);
                append(RichText.codeBlock(list, e.language(), e.code()));
            }
            case ToolCallStart e -> toolCall(e.toolCallId(), e.toolCallName(), now);
            case ToolCallArgs e -> toolCall(e.toolCallId(), null, now).args(e.delta());
            case ToolCallResult e -> result(e.toolCallId(), e.content(), now);
            case RunFinished e -> {
                for (Interrupt interrupt : e.interrupts()) {
                    ask(interrupt);
                }
                end(timing.placement(), timing.finished(now), false);
            }
            case RunError e -> end(timing.placement(), timing.failed(now), true);
            case RunStarted e -> { }
            case TextMessageEnd e -> { }
            case ToolCallEnd e -> { }
        }
        list.scrollToEnd();
    }

    /**
     * The stream broke off mid-run and was resumed: the reply goes on in place, and a small notice in
     * it says so (once, however many times it happened).
     */
    public void resumed() {
        if (resumedNotice == null) {
            resumedNotice = list.div("resumed", "connection lost, resumed");
            message.appendChild(resumedNotice);
        }
    }

    /** Ends the reply without a run event: the request failed or the stream broke off. */
    public void fail(double now) {
        leaveQueue();
        end(timing.placement(), timing.failed(now), true);
    }

    /** Ends the reply with an answer computed on this device; {@code offline} if the server was meant to. */
    public void answerOnDevice(String answer, boolean offline, double now) {
        appendText(answer);
        end("device", timing.onDevice(now, offline), false);
        list.scrollToEnd();
    }

    static HTMLElement placementLine(MessageList list, String placement, String label) {
        HTMLElement line = list.div("placement", label);
        line.setAttribute("data-placement", placement);
        return line;
    }

    private void queuedAt(int position) {
        if (queued == null) {
            queued = list.div("queued", null);
            message.insertBefore(queued, content);
        }
        queued.setTextContent("The server is busy: queued, position " + position);
    }

    private void leaveQueue() {
        if (queued != null) {
            message.removeChild(queued);
            queued = null;
        }
    }

    private void appendText(String delta) {
        if (text == null) {
            text = new RichText(list, content);
        }
        text.append(delta);
    }

    private void append(HTMLElement part) {
        content.appendChild(part);
        text = null;
    }

    /** This run's card for a call, made on first sight; one a result arrives for started {@code now}. */
    private ToolCard toolCall(String id, String name, double now) {
        ToolCard call = toolCalls.get(id);
        if (call == null) {
            ToolCard earlier = list.toolCard(id);
            if (earlier != null) {
                earlierCalls.put(id, earlier);
            }
            // Without its START in this run, a call began, as far as this page knows, when the run was
            // asked for, and its name and arguments are those an earlier run showed.
            call = name != null ? new ToolCard(list, id, name, now, null)
                    : new ToolCard(list, id, null, timing.sentAt(), earlier);
            toolCalls.put(id, call);
            append(call.element());
        }
        return call;
    }

    private void result(String id, String resultContent, double now) {
        ToolCard call = toolCall(id, null, now);
        call.result(resultContent, now);
        ToolCard earlier = earlierCalls.get(id);
        if (earlier != null && earlier.isWaiting()) {
            earlier.settle(call.state());
        }
    }

    private void ask(Interrupt interrupt) {
        ToolCard call = interrupt.toolCallId() == null ? null : list.toolCard(interrupt.toolCallId());
        if (call != null) {
            call.waitForApproval();
        }
        append(new ApprovalCard(list, interrupt, () -> {
            if (call != null && call.isWaiting()) {
                call.expired();
            }
        }).element());
    }

    private void end(String placement, String label, boolean failed) {
        for (ToolCard call : toolCalls.values()) {
            if (call.isRunning()) {
                call.unfinished();
            }
        }
        message.getClassList().remove("streaming");
        if (failed) {
            message.getClassList().add("failed");
        }
        message.appendChild(placementLine(list, placement, label));
    }
}
