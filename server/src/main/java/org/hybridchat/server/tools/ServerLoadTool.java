package org.hybridchat.server.tools;

import java.util.Map;

import org.hybridchat.contract.ServerLoad;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.generation.DecodeLoop;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code server_load}: the decode loop's live load and limits; for administrators only. */
@Component
class ServerLoadTool implements Tool {
    private final DecodeLoop decodeLoop;

    ServerLoadTool(DecodeLoop decodeLoop) {
        this.decodeLoop = decodeLoop;
    }

    @Override
    public String name() {
        return "server_load";
    }

    @Override
    public String description() {
        return "How many replies the server is writing and how many wait, against its limits.";
    }

    @Override
    public ToolArguments arguments() {
        return ToolArguments.of();
    }

    @Override
    public Permission permission() {
        return Permission.ADMIN;
    }

    @Override
    public Mono<ToolResult> run(Map<String, String> arguments, Caller caller) {
        return Mono.just(new ToolResult.Load(new ServerLoad(decodeLoop.activeGenerations(),
                decodeLoop.waitingGenerations(), decodeLoop.maxBatch(), decodeLoop.maxWaiting())));
    }
}
