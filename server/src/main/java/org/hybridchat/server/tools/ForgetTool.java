package org.hybridchat.server.tools;

import java.util.Map;

import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.session.SessionStore;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code forget}: deletes this session's conversation; it cannot be undone, so the user approves each call. */
@Component
public class ForgetTool implements Tool {
    public static final String NAME = "forget";
    public static final ToolArguments ARGUMENTS =
            ToolArguments.of(Parameter.oneOf("scope", "what to forget", "conversation"));
    private final SessionStore sessions;

    ForgetTool(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Delete this conversation from the server, after the user approves.";
    }

    @Override
    public ToolArguments arguments() {
        return ARGUMENTS;
    }

    @Override
    public Permission permission() {
        return Permission.USER;
    }

    @Override
    public boolean needsApproval() {
        return true;
    }

    @Override
    public Mono<String> consequence(Map<String, String> arguments, Caller caller) {
        return sessions.length(caller.session()).map(messages -> "Delete this conversation (" + messages
                + (messages == 1 ? " message" : " messages") + ") from the server? This cannot be undone.");
    }

    @Override
    public Mono<ToolResult> run(Map<String, String> arguments, Caller caller) {
        return sessions.delete(caller.session()).map(ToolResult.Forgotten::new);
    }
}
