package org.hybridchat.client.conversation;

import org.hybridchat.contract.ToolResult;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.contract.WireFormatException;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * One tool call the server made, as a card:
 * {@code <div class="tool-card" data-tool-call-id="…" data-tool="…" data-status="…">} holding a
 * {@code .tool-head} ({@code .tool-name}, {@code .tool-status}, {@code .tool-time} and
 * {@code .tool-placement}), the arguments laid out in {@code pre.tool-args}, and, once it came, the
 * result as its own card ({@link ResultCards}). The time is from TOOL_CALL_START to
 * TOOL_CALL_RESULT as this page saw them, so it includes the network's batching.
 */
final class ToolCard {

    static final String RUNNING = "running";
    static final String DONE = "done";
    static final String REFUSED = "refused";
    static final String DECLINED = "declined";
    static final String ERROR = "error";
    static final String WAITING = "waiting";

    private final MessageList list;
    private final String id;
    private final String name;
    private final double startedAt;
    private final StringBuilder args = new StringBuilder();
    private final HTMLElement card;
    private final HTMLElement status;
    private final HTMLElement time;
    private final HTMLElement argsView;
    private String state;

    /** {@code earlier}: this call's card in an earlier run (it waited for approval), or null. */
    ToolCard(MessageList list, String id, String name, double startedAt, ToolCard earlier) {
        this.list = list;
        this.id = id;
        this.name = name != null ? name : earlier != null ? earlier.name : "tool";
        this.startedAt = startedAt;
        card = list.div("tool-card", null);
        card.setAttribute("data-tool-call-id", id);
        card.setAttribute("data-tool", this.name);
        HTMLElement head = list.div("tool-head", null);
        head.appendChild(list.element("span", "tool-name", this.name));
        status = list.element("span", "tool-status", null);
        head.appendChild(status);
        time = list.element("span", "tool-time", null);
        head.appendChild(time);
        HTMLElement placement = list.element("span", "tool-placement", "server");
        placement.setAttribute("data-placement", "server");
        head.appendChild(placement);
        card.appendChild(head);
        argsView = list.element("pre", "tool-args", null);
        argsView.setHidden(true);
        card.appendChild(argsView);
        if (earlier != null) {
            args(earlier.args.toString());
        }
        show(RUNNING, "running…");
        list.remember(this);
    }

    String id() {
        return id;
    }

    HTMLElement element() {
        return card;
    }

    boolean isRunning() {
        return RUNNING.equals(state);
    }

    boolean isWaiting() {
        return WAITING.equals(state);
    }

    String state() {
        return state;
    }

    void args(String delta) {
        args.append(delta);
        argsView.setTextContent(JsonIndent.indent(args.toString()));
        argsView.setHidden(args.length() == 0);
    }

    /** The call's result, in its wire form, arrived at {@code now}. */
    void result(String content, double now) {
        time.setTextContent(ReplyTiming.duration(now - startedAt));
        ToolResult result;
        try {
            result = WireFormat.decodeToolResult(content);
        } catch (WireFormatException e) {
            HTMLElement unreadable = ResultCards.card(list, "error-card", "This page cannot read the tool's result.");
            unreadable.setAttribute("data-undecodable", "true");
            card.appendChild(unreadable);
            settle(ERROR);
            return;
        }
        card.appendChild(ResultCards.render(list, result));
        settle(switch (result) {
            case ToolResult.Refused r -> REFUSED;
            case ToolResult.Declined d -> DECLINED;
            case ToolResult.Failed f -> ERROR;
            default -> DONE;
        });
    }

    void waitForApproval() {
        show(WAITING, "waiting for approval");
    }

    /** Its approval was not given in time: the server will not run it. */
    void expired() {
        show(DECLINED, "expired");
    }

    /** The run ended before a result came. */
    void unfinished() {
        show(ERROR, "no result");
    }

    /** Takes a final state: done, refused, declined or error. */
    void settle(String finalState) {
        show(finalState, DONE.equals(finalState) ? "done" : finalState);
    }

    private void show(String newState, String label) {
        state = newState;
        card.setAttribute("data-status", newState);
        status.setTextContent(label);
    }
}
