package org.hybridchat.server.chat;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Role;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.StreamEvent.TextMessageEnd;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.contract.StreamEvent.ToolCallArgs;
import org.hybridchat.contract.StreamEvent.ToolCallEnd;
import org.hybridchat.contract.StreamEvent.ToolCallResult;
import org.hybridchat.contract.StreamEvent.ToolCallStart;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.server.guardrails.PiiFilter;
import org.hybridchat.server.planning.GroundedAnswer;
import org.hybridchat.server.planning.PlannedCall;
import org.hybridchat.server.planning.Planner;
import org.hybridchat.server.session.SessionStore;
import org.hybridchat.server.tools.ApprovalStore;
import org.hybridchat.server.tools.Caller;
import org.hybridchat.server.tools.ToolCall;
import org.hybridchat.server.tools.ToolRegistry;
import org.hybridchat.server.tools.ToolRegistry.Decision;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tool call inside a chat run, in AG-UI's terms: TOOL_CALL_START, ARGS and END as proposed, then
 * either TOOL_CALL_RESULT and a short grounded text message, or, for a call that needs the user's
 * approval, a RUN_FINISHED with AG-UI's interrupt outcome; the next request's answer resumes it.
 */
@Component
class ToolRun {
    private final ToolRegistry registry;
    private final ApprovalStore approvals;
    private final SessionStore store;
    private final Planner planner;
    private final PiiFilter pii;

    ToolRun(ToolRegistry registry, ApprovalStore approvals, SessionStore store, Planner planner, PiiFilter pii) {
        this.registry = registry;
        this.approvals = approvals;
        this.store = store;
        this.planner = planner;
        this.pii = pii;
    }

    /**
     * The events of a planned call for the last message of {@code conversation}, up to and including
     * RUN_FINISHED. An answered call stores the user's message and the planner's reply from the
     * result, like any turn; a call that waits for approval stores nothing (so a denial changes
     * nothing) and its RUN_FINISHED carries the interrupt that asks.
     */
    Flux<StreamEvent> call(Caller caller, String runId, List<ChatMessage> conversation, PlannedCall planned) {
        ChatMessage user = conversation.getLast();
        ToolCall call = new ToolCall(UUID.randomUUID().toString(), planned.tool(), planned.argumentsJson());
        String thread = caller.session().value();
        return Flux.<StreamEvent>just(new ToolCallStart(call.id(), call.tool(), null),
                        new ToolCallArgs(call.id(), call.arguments()), new ToolCallEnd(call.id()))
                .concatWith(registry.call(call, caller, false).flatMapMany(decision -> switch (decision) {
                    case Decision.Answered answered -> answer(call, answered.result(),
                            planner.answer(conversation, planned, answered.result()),
                            text -> store.append(caller.session(), user)
                                    .then(store.append(caller.session(), ChatMessage.assistant(text))))
                            .concatWith(Mono.just(new RunFinished(thread, runId)));
                    case Decision.AwaitingApproval awaiting -> approvals.request(caller, call, awaiting.question())
                            .map(interrupt -> new RunFinished(thread, runId, List.of(interrupt)));
                }));
    }

    /**
     * The events of the run that answers an approval: the call it was for runs only when approved, in
     * the session it was asked in, once. Nothing else is stored: the approved action is the change.
     */
    Flux<StreamEvent> resume(Caller caller, String runId, String interruptId, boolean approved) {
        return approvals.take(caller.session(), interruptId)
                .switchIfEmpty(Mono.error(ApprovalUnavailableException::new))
                .flatMapMany(call -> approved
                        ? registry.call(call, caller, true).flatMapMany(decision -> switch (decision) {
                            // the conversation the call came from may be gone (forget): the result's own words
                            case Decision.Answered answered -> answer(call, answered.result(),
                                    Mono.just(GroundedAnswer.of(answered.result())), text -> Mono.empty());
                            case Decision.AwaitingApproval awaiting ->
                                    Flux.error(new IllegalStateException("an approved call asked again"));
                        })
                        : declined(call))
                .concatWith(Mono.just(new RunFinished(caller.session().value(), runId)));
    }

    private Flux<StreamEvent> declined(ToolCall call) {
        ToolResult declined = new ToolResult.Declined("You denied it, so nothing was done.");
        return answer(call, declined, Mono.just(GroundedAnswer.of(declined)), text -> Mono.empty());
    }

    /** The result's card at once, then the reply written from it, redacted and stored before the message ends. */
    private Flux<StreamEvent> answer(ToolCall call, ToolResult result, Mono<String> reply,
                                     Function<String, Mono<Void>> storeReply) {
        String messageId = UUID.randomUUID().toString();
        return Flux.<StreamEvent>just(new ToolCallResult(UUID.randomUUID().toString(), call.id(), WireFormat.encode(result)))
                .concatWith(reply.map(pii::redact).flatMapMany(text -> Flux.<StreamEvent>just(
                                new TextMessageStart(messageId, Role.ASSISTANT), new TextMessageContent(messageId, text))
                        .concatWith(storeReply.apply(text).then(Mono.just(new TextMessageEnd(messageId))))));
    }

    /** The approval was never given, was used, expired, or belongs to another session. */
    static final class ApprovalUnavailableException extends RuntimeException {
        ApprovalUnavailableException() {
            super("This approval has expired or was already answered, so nothing was done. Ask again to retry.");
        }
    }
}
