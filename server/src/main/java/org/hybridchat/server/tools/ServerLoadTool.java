package org.hybridchat.server.tools;

import java.util.Map;

import org.hybridchat.contract.ServerLoad;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.generation.DecodeLoop;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code server_load}: the decode loop's live load and limits; for administrators only. */
@Component
public class ServerLoadTool implements Tool {
    public static final String NAME = "server_load";
    public static final ToolArguments ARGUMENTS = ToolArguments.of();

    // the model's prompt lists the tools, so the decode loop comes after them: taken when called
    private final ObjectProvider<DecodeLoop> decodeLoop;

    ServerLoadTool(ObjectProvider<DecodeLoop> decodeLoop) {
        this.decodeLoop = decodeLoop;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "How many replies the server is writing and how many wait, against its limits.";
    }

    @Override
    public ToolArguments arguments() {
        return ARGUMENTS;
    }

    @Override
    public Permission permission() {
        return Permission.ADMIN;
    }

    @Override
    public Mono<ToolResult> run(Map<String, String> arguments, Caller caller) {
        DecodeLoop loop = decodeLoop.getObject();
        return Mono.just(new ToolResult.Load(new ServerLoad(loop.activeGenerations(), loop.waitingGenerations(),
                loop.maxBatch(), loop.maxWaiting())));
    }
}
