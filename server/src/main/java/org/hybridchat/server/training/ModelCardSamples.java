package org.hybridchat.server.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.generation.Generation;
import org.hybridchat.server.generation.SamplingSettings;
import org.hybridchat.server.knowledge.KnowledgeIndex;
import org.hybridchat.server.knowledge.ShippedDictionaries;
import org.hybridchat.server.network.ServerModel;
import org.hybridchat.server.planning.GroundedAnswer;
import org.hybridchat.server.planning.Grounding;
import org.hybridchat.server.planning.ModelPlanner;
import org.hybridchat.server.planning.PlannedCall;
import org.hybridchat.server.planning.ToolPrompt;

/**
 * Prints what the shipped model does with the model card's fixed prompts, so that the samples in the
 * card can be checked and redone ({@code bin/sample-server-model}): the call it writes (greedy, under
 * the tools' grammar) and its reply from the tool's real result, or, when it calls no tool, its reply
 * as the chat samples it (two seeds).
 */
public final class ModelCardSamples {
    /** The card's prompts, one a line; the benchmarks send the same ones (bench/TimedStream). */
    static final List<String> PROMPTS = prompts();
    private static final int SEEDS = 2;

    private ModelCardSamples() {
    }

    private static List<String> prompts() {
        try (InputStream in = ModelCardSamples.class.getResourceAsStream("/model/sample-prompts.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /model/sample-prompts.txt", e);
        }
    }

    public static void main(String[] args) {
        KnowledgeIndex index = ShippedDictionaries.index();
        try (ServerModel model = ServerModel.loadShipped();
             DecodeLoop loop = new DecodeLoop(model, 16, 64, Duration.ofMinutes(1), true, new SimpleMeterRegistry())) {
            ModelPlanner planner = new ModelPlanner(loop, model, ToolExchanges.TOOLS, new SimpleMeterRegistry());
            for (String prompt : PROMPTS) {
                List<ChatMessage> conversation = List.of(ChatMessage.user(prompt));
                PlannedCall call = planner.plan(conversation).block();
                System.out.println(prompt);
                if (call == null) {
                    for (long seed = 1; seed <= SEEDS; seed++) {
                        String reply = loop.submit(conversation, SamplingSettings.chat(seed)).events()
                                .ofType(Generation.Text.class).map(Generation.Text::text).reduce("", String::concat)
                                .block();
                        System.out.printf("    no call; reply [seed %d]: %s%n", seed, reply);
                    }
                } else {
                    ToolResult result = ToolUseEvaluation.resultOf(index, conversation, call);
                    String reply = planner.modelAnswer(conversation, call, result).block();
                    System.out.printf("    call:  %s%n    reply: %s%n", ToolPrompt.call(call, ToolExchanges.TOOLS.get(call.tool())),
                            reply);
                    if (!Grounding.isGrounded(reply, result)) {
                        System.out.printf("    not grounded; the guard shows instead: %s%n", GroundedAnswer.of(result));
                    }
                }
            }
        }
    }
}
