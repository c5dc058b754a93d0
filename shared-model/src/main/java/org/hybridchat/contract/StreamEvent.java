package org.hybridchat.contract;

import java.util.List;

/**
 * What the server streams to the browser while it answers one message: the AG-UI event vocabulary
 * (https://docs.ag-ui.com/concepts/events), as plain records that TeaVM compiles too.
 *
 * <p>A run is RUN_STARTED, then, if the model is busy, {@link Queued} while it waits its turn; then
 * tool calls (START, ARGS, END, RESULT, whose content is a typed {@link ToolResult}) and one
 * assistant text message (START, CONTENT deltas, END); then RUN_FINISHED, which may instead ask the
 * user to approve a call ({@link Interrupt}); or, at any point, RUN_ERROR, which ends the run.
 * {@link WireFormat} is the one place that turns these into JSON and back.
 */
public sealed interface StreamEvent {

    /** The run began; {@code threadId} is the chat session, so a client learns a new session's id here. */
    record RunStarted(String threadId, String runId) implements StreamEvent {}

    /**
     * The run ended. With {@code interrupts} it ended to ask the user something (AG-UI's interrupt
     * outcome): the next request answers them with {@link Resume} entries.
     */
    record RunFinished(String threadId, String runId, List<Interrupt> interrupts) implements StreamEvent {
        public RunFinished {
            interrupts = List.copyOf(interrupts);
        }

        /** A run that completed. */
        public RunFinished(String threadId, String runId) {
            this(threadId, runId, List.of());
        }
    }

    /** Ends the run; {@code code} is machine-readable (see {@link ErrorCode}), {@code message} is for people. */
    record RunError(String message, String code) implements StreamEvent {}

    record TextMessageStart(String messageId, Role role) implements StreamEvent {}

    /** One piece of the message's text, usually one token of the model's output. */
    record TextMessageContent(String messageId, String delta) implements StreamEvent {}

    record TextMessageEnd(String messageId) implements StreamEvent {}

    /** {@code parentMessageId} may be null. */
    record ToolCallStart(String toolCallId, String toolCallName, String parentMessageId) implements StreamEvent {}

    /** One piece of the tool call's JSON arguments. */
    record ToolCallArgs(String toolCallId, String delta) implements StreamEvent {}

    record ToolCallEnd(String toolCallId) implements StreamEvent {}

    /** What the tool returned: {@code content} is a {@link ToolResult} in its wire form. */
    record ToolCallResult(String messageId, String toolCallId, String content) implements StreamEvent {}

    /**
     * The run waits for the model, which is writing as many replies as it can: {@code position} 1 is
     * next to be answered. Sent when the wait begins and again when the position changes. AG-UI has
     * no event for a waiting line, so on the wire this is a CUSTOM event named {@value WireFormat#QUEUED}.
     */
    record Queued(int position) implements StreamEvent {}

    /**
     * A typed part for the UI to render as code rather than prose; on the wire an AG-UI CUSTOM event
     * named {@value WireFormat#CODE_BLOCK}.
     */
    record CodeBlock(String messageId, String language, String code) implements StreamEvent {}

    /**
     * Which engine writes the model's reply from here on, when it is not the server's own model from
     * the start: an upstream (named as the server's configuration names it) before its first text, and
     * {@value #LOCAL}, the server's own model, when it goes on with a reply an upstream began and
     * could not finish. A reply without this event is the server's own model's throughout. AG-UI has
     * no event for it, so on the wire this is a CUSTOM event named {@value WireFormat#ENGINE}.
     */
    record Engine(String name) implements StreamEvent {
        /** The server's own model. */
        public static final String LOCAL = "local";
    }
}
