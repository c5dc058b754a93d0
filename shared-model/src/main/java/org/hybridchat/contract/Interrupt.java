package org.hybridchat.contract;

/**
 * Why a run stopped to ask the user, as AG-UI's interrupt outcome carries it
 * (https://docs.ag-ui.com/concepts/interrupts): the run ends with {@code RUN_FINISHED} whose outcome
 * lists these, and the next request answers each by its {@code id} with a {@link Resume}.
 *
 * @param id         unguessable, single use, bound by the server to one session and one tool call
 * @param reason     {@value #TOOL_APPROVAL} for a tool call that waits for the user's approval
 * @param message    what would happen, for the person deciding
 * @param toolCallId the tool call the approval is for
 * @param expiresAt  ISO-8601 instant after which an answer is refused
 */
public record Interrupt(String id, String reason, String message, String toolCallId, String expiresAt) {

    /** The reason of an interrupt that waits for the user to approve or deny a tool call. */
    public static final String TOOL_APPROVAL = "tool_approval";
}
