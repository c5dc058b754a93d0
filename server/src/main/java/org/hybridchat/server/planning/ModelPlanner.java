package org.hybridchat.server.planning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.generation.Generation;
import org.hybridchat.server.generation.OverloadedException;
import org.hybridchat.server.generation.SamplingSettings;
import org.hybridchat.server.generation.ToolCallGrammar;
import org.hybridchat.server.network.BpeTokenizer;
import org.hybridchat.server.network.ServerModel;
import org.hybridchat.server.tools.Tool;
import org.hybridchat.server.tools.ToolArguments;
import reactor.core.publisher.Mono;

/**
 * The model picks the tool, as the article this product teaches from describes: shown the
 * registry's tools at the top of its prompt, it either answers or writes {@code BEGIN_CALL} and a
 * call, decoded under the registry's schemas ({@link ToolCallGrammar}) so that the call always
 * parses. The registry still decides whether the call runs (role, approval). Then the model writes
 * the reply after reading the result, and a guard keeps it honest: a reply whose content words are
 * not drawn from the result ({@link Grounding}) is replaced by {@link GroundedAnswer}'s; each reply
 * is counted in {@code hybridchat.planner.replies{outcome=grounded|replaced|failed|busy}}.
 *
 * <p>Both steps decode greedily, in the decode loop's batch like any reply: a call should be the
 * likeliest reading of the message, and an answer the closest copy of the result. A plan is one
 * prefill and a few steps; while it waits for a batch row the page hears no "queued" event.
 */
public class ModelPlanner implements Planner {
    /** Room for the longest call worth writing; one that runs longer is dropped. */
    static final int CALL_TOKENS = 96;
    static final int ANSWER_TOKENS = 120;

    private final DecodeLoop decodeLoop;
    private final ServerModel serverModel;
    private final SequencedMap<String, ToolArguments> tools = new LinkedHashMap<>();
    private final ToolCallGrammar grammar;
    /** Whether quoted arguments are held to the user's message (see ToolCallGrammar); off only to measure what that does. */
    private final boolean quoting;
    private final MeterRegistry metrics;
    /** Who decides while the model is busy. */
    private final RulePlanner rules = new RulePlanner();

    /** A planner for these tools (name to arguments, the registry's), which the model's prompt lists. */
    public ModelPlanner(DecodeLoop decodeLoop, ServerModel serverModel, Map<String, ToolArguments> tools,
                        MeterRegistry metrics) {
        this.decodeLoop = decodeLoop;
        this.serverModel = serverModel;
        this.metrics = metrics;
        Map<String, String> schemas = new LinkedHashMap<>();
        tools.forEach((name, arguments) -> {
            this.tools.put(name, arguments);
            schemas.put(name, arguments.jsonSchema());
        });
        this.grammar = ToolCallGrammar.of(schemas, serverModel.tokenizer());
        this.quoting = true;
    }

    private ModelPlanner(ModelPlanner planner, boolean quoting) {
        this.decodeLoop = planner.decodeLoop;
        this.serverModel = planner.serverModel;
        this.tools.putAll(planner.tools);
        this.grammar = planner.grammar;
        this.quoting = quoting;
        this.metrics = planner.metrics;
    }

    /** This planner with quoted arguments left free: the evaluation's measure of what quoting adds. */
    public ModelPlanner withoutQuoting() {
        return new ModelPlanner(this, false);
    }

    /**
     * Asks the model for a call. When the local model has no free row, the rules decide instead of
     * waiting for one: a question a tool answers must not lose its tool to the load, and a reply the
     * router could send to an upstream engine must not wait here first.
     */
    @Override
    public Mono<PlannedCall> plan(List<ChatMessage> conversation) {
        if (!decodeLoop.hasRoom()) {
            metrics.counter("hybridchat.planner.busy").increment();
            return rules.plan(conversation);
        }
        return Mono.defer(() -> text(decodeLoop.submit(serverModel.prompt(conversation, new int[0], CALL_TOKENS),
                        SamplingSettings.greedy(CALL_TOKENS),
                        quoting ? grammar.quoting(conversation.getLast().content()) : grammar)))
                .onErrorResume(OverloadedException.class, full -> Mono.just(""))
                // empty: the model began an answer, not a call; unreadable: it ran out of room mid-call
                .flatMap(call -> Mono.justOrEmpty(ToolPrompt.readCall(call, tools)));
    }

    /**
     * The model's reply from the result, if it is grounded in it; else, and when the model cannot
     * write one (too busy, failed), the result's own words: the tool has run, its answer stands.
     */
    @Override
    public Mono<String> answer(List<ChatMessage> conversation, PlannedCall call, ToolResult result) {
        if (!decodeLoop.hasRoom()) {
            return Mono.just(outcome("busy", GroundedAnswer.of(result)));
        }
        return modelAnswer(conversation, call, result)
                .map(answer -> Grounding.isGrounded(answer, result) ? outcome("grounded", answer)
                        : outcome("replaced", GroundedAnswer.of(result)))
                .onErrorResume(failure -> Mono.just(outcome("failed", GroundedAnswer.of(result))));
    }

    /**
     * The model's own reply from the result, before the guard looks at it; empty when the result is
     * too long to show it with the question (a 10,000-digit value, say).
     */
    public Mono<String> modelAnswer(List<ChatMessage> conversation, PlannedCall call, ToolResult result) {
        int[] exchange = serverModel.toolExchange(ToolPrompt.call(call, tools.get(call.tool())), ToolPrompt.result(result));
        int[] prompt = serverModel.prompt(conversation, exchange, ANSWER_TOKENS);
        if (prompt.length + ANSWER_TOKENS > serverModel.info().contextLength()
                || IntStream.of(prompt).noneMatch(token -> token == BpeTokenizer.BEGIN_USER)) {
            return Mono.just("");
        }
        return Mono.defer(() -> text(decodeLoop.submit(prompt, SamplingSettings.greedy(ANSWER_TOKENS), null)));
    }

    private String outcome(String outcome, String reply) {
        metrics.counter("hybridchat.planner.replies", "outcome", outcome).increment();
        return reply;
    }

    /** The generation's whole text; empty if it wrote none. */
    private static Mono<String> text(Generation generation) {
        return generation.events().ofType(Generation.Text.class).map(Generation.Text::text)
                .collect(StringBuilder::new, StringBuilder::append).map(StringBuilder::toString);
    }

    /** Each tool's name and arguments: what the model is shown of it. */
    public static Map<String, ToolArguments> signatures(List<Tool> tools) {
        Map<String, ToolArguments> signatures = new LinkedHashMap<>();
        tools.forEach(tool -> signatures.put(tool.name(), tool.arguments()));
        return signatures;
    }
}
