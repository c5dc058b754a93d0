package org.hybridchat.client.conversation;

import java.util.HashMap;
import java.util.Map;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.CodeBlock;
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
import org.teavm.jso.dom.xml.CharacterData;

/**
 * One assistant message filling in while its run streams: while the server makes it wait, a
 * {@code .queued} line with its place in the line; then text deltas, code blocks and tool calls in
 * the order they arrive, then the placement line once the run has ended.
 */
public final class ReplyView {

    private final MessageList list;
    private final HTMLElement message;
    private final HTMLElement content;
    private final ReplyTiming timing;
    private final Map<String, ToolCallLine> toolCalls = new HashMap<>();
    private CharacterData lastText; // deltas extend it until a code block or tool call comes between
    private HTMLElement queued;

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
            case TextMessageContent e -> {
                timing.token(now);
                appendText(e.delta());
            }
            case CodeBlock e -> {
                timing.token(now);
                appendCode(e.language(), e.code());
            }
            case ToolCallStart e -> toolCall(e.toolCallId(), e.toolCallName());
            case ToolCallArgs e -> toolCall(e.toolCallId(), null).args().appendData(e.delta());
            case ToolCallResult e -> toolCall(e.toolCallId(), null).line().appendChild(
                    list.element("span", "tool-result", e.content()));
            case RunFinished e -> end(timing.placement(), timing.finished(now), false);
            case RunError e -> end(timing.placement(), timing.failed(now), true);
            // The page shows one reply per run, so message and tool-call boundaries need no markup.
            case RunStarted e -> { }
            case TextMessageStart e -> { }
            case TextMessageEnd e -> { }
            case ToolCallEnd e -> { }
        }
        list.scrollToEnd();
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
        if (lastText == null) {
            lastText = newText(content);
        }
        lastText.appendData(delta);
    }

    private void appendCode(String language, String code) {
        HTMLElement pre = list.element("pre", "code", null);
        // An attribute, not a class: a language name from the model could hold spaces or worse.
        pre.setAttribute("data-language", language);
        pre.appendChild(list.element("code", null, code));
        content.appendChild(pre);
        lastText = null;
    }

    /** A tool call's line: {@code <div class="tool"><span class="tool-name">…</span><span class="tool-args">…</span>…}. */
    private record ToolCallLine(HTMLElement line, CharacterData args) {}

    private ToolCallLine toolCall(String id, String name) {
        ToolCallLine call = toolCalls.get(id);
        if (call == null) {
            HTMLElement line = list.div("tool", null);
            line.appendChild(list.element("span", "tool-name", name == null ? id : name));
            HTMLElement args = list.element("span", "tool-args", null);
            call = new ToolCallLine(line, newText(args));
            line.appendChild(args);
            toolCalls.put(id, call);
            content.appendChild(line);
            lastText = null;
        }
        return call;
    }

    private CharacterData newText(HTMLElement parent) {
        CharacterData text = list.document().createTextNode("").cast();
        parent.appendChild(text);
        return text;
    }

    private void end(String placement, String label, boolean failed) {
        message.getClassList().remove("streaming");
        if (failed) {
            message.getClassList().add("failed");
        }
        message.appendChild(placementLine(list, placement, label));
    }
}
