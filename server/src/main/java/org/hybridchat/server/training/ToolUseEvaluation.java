package org.hybridchat.server.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Pii;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.generation.Generation;
import org.hybridchat.server.generation.SamplingSettings;
import org.hybridchat.server.knowledge.Entry;
import org.hybridchat.server.knowledge.KnowledgeIndex;
import org.hybridchat.server.knowledge.ShippedDictionaries;
import org.hybridchat.server.network.ServerModel;
import org.hybridchat.server.planning.GroundedAnswer;
import org.hybridchat.server.planning.Grounding;
import org.hybridchat.server.planning.ModelPlanner;
import org.hybridchat.server.planning.PlannedCall;
import org.hybridchat.server.planning.RulePlanner;
import org.hybridchat.server.planning.ToolPrompt;
import org.hybridchat.server.tools.CalculateTool;
import org.hybridchat.server.tools.DefineTool;
import org.hybridchat.server.tools.ForgetTool;
import org.hybridchat.server.tools.HistoryTool;
import org.hybridchat.server.tools.SearchTool;
import org.hybridchat.server.tools.ServerLoadTool;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tool use measured on held-out questions ({@link ToolExchanges#heldOut}: headwords, made-up terms
 * and phrasings never trained on), one row per way of answering:
 * <ul>
 * <li><b>tool choice</b>: the tool proposed, or none, is the expected one (all questions);</li>
 * <li><b>arguments</b>: of the calls to the right tool that take arguments, those with exactly the
 *     expected ones (a misspelt term is expected as the user typed it: the tool corrects it);</li>
 * <li><b>grounded</b>: of the questions a tool answers, the replies {@link Grounding} finds drawn
 *     from the expected result; the model's own reply, before the guard that replaces ungrounded ones;</li>
 * <li><b>no entry</b>: of the made-up terms, the replies that say the dictionaries have no entry;</li>
 * <li><b>contact details</b>: of all replies as the user gets them, after the guards (an ungrounded
 *     answer replaced by {@link GroundedAnswer}'s, then the PII filter), those with an email address,
 *     phone number or web address that neither the question nor the expected result holds.</li>
 * </ul>
 * Run with bin/eval-tool-use; ToolUseEvaluationTest holds the figures at the level reached.
 */
public final class ToolUseEvaluation {
    /** Held-out definitions asked about; the other kinds of question come in proportion (ToolExchanges). */
    static final int DEFINITIONS = 200;
    static final long SEED = 2026;
    private static final int BATCH = 16;

    /** One way of answering, measured, and what it got wrong (a line per question). */
    record Row(String name, int questions, double toolChoice, double arguments, double grounded, double noEntry,
               double contactDetails, List<String> misses) {
        @Override
        public String toString() {
            return "| %s | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% |".formatted(name, 100 * toolChoice,
                    100 * arguments, 100 * grounded, 100 * noEntry, 100 * contactDetails);
        }
    }

    /** What one way of answering did with one question: its call (null for none) and its reply. */
    /** {@code result}: what the call returned, null when there was no call or it waits for approval. */
    private record Outcome(ToolExchanges.Exchange exchange, PlannedCall call, ToolResult result, String reply) {}

    private final ServerModel serverModel;
    private final DecodeLoop decodeLoop;
    private final KnowledgeIndex index;
    private final List<ToolExchanges.Exchange> questions;

    ToolUseEvaluation(ServerModel serverModel, DecodeLoop decodeLoop, KnowledgeIndex index, List<Entry> entries) {
        this.serverModel = serverModel;
        this.decodeLoop = decodeLoop;
        this.index = index;
        this.questions = ToolExchanges.heldOut(index, entries, SEED, DEFINITIONS);
    }

    /** {@code --misses}: also each question the model planner got wrong, with its call and reply. */
    public static void main(String[] args) {
        try (ServerModel serverModel = ServerModel.loadShipped();
             DecodeLoop decodeLoop = decodeLoop(serverModel)) {
            ToolUseEvaluation evaluation = new ToolUseEvaluation(serverModel, decodeLoop, ShippedDictionaries.index(),
                    ShippedDictionaries.entries());
            System.out.printf("%d held-out questions%n", evaluation.questions.size());
            System.out.println("| | tool choice | arguments | grounded | \"no entry\" on made-up terms | invented contact details |");
            System.out.println("|---|---|---|---|---|---|");
            System.out.println(evaluation.modelWithoutTools());
            System.out.println(evaluation.rulePlanner());
            System.out.println(evaluation.modelPlannerWithoutQuoting());
            Row modelPlanner = evaluation.modelPlanner();
            System.out.println(modelPlanner);
            if (List.of(args).contains("--misses")) {
                System.out.printf("%nthe model planner's misses (%d):%n", modelPlanner.misses().size());
                modelPlanner.misses().forEach(System.out::println);
            }
        }
    }

    /** Batch-invariant, so that a reply does not depend on which others share its steps: the figures replay exactly. */
    static DecodeLoop decodeLoop(ServerModel serverModel) {
        return new DecodeLoop(serverModel, BATCH, 4096, Duration.ofMinutes(10), true, new SimpleMeterRegistry());
    }

    /** The model replying to every question itself, as the chat did before it had tools. */
    Row modelWithoutTools() {
        return measure("the model, no tools",
                exchange -> plainReply(exchange).map(reply -> new Outcome(exchange, null, null, reply)));
    }

    /** Pattern rules pick the tool; {@code GroundedAnswer} writes the reply; the model replies to the rest. */
    Row rulePlanner() {
        RulePlanner rules = new RulePlanner();
        return measure("rule planner", exchange -> rules.plan(exchange.conversation())
                .flatMap(call -> replyFrom(exchange, call, result -> rules.answer(exchange.conversation(), call, result)))
                .switchIfEmpty(Mono.defer(() -> plainReply(exchange).map(reply -> new Outcome(exchange, null, null, reply)))));
    }

    /** The model picks the tool and writes the reply from its result. */
    Row modelPlanner() {
        return modelPlanner("model planner",
                new ModelPlanner(decodeLoop, serverModel, ToolExchanges.TOOLS, new SimpleMeterRegistry()));
    }

    /** As {@link #modelPlanner()}, with the arguments the model writes not held to the user's message. */
    Row modelPlannerWithoutQuoting() {
        return modelPlanner("model planner, arguments not held to the message",
                new ModelPlanner(decodeLoop, serverModel, ToolExchanges.TOOLS, new SimpleMeterRegistry()).withoutQuoting());
    }

    private Row modelPlanner(String name, ModelPlanner model) {
        return measure(name, exchange -> model.plan(exchange.conversation())
                .flatMap(call -> replyFrom(exchange, call, result -> model.modelAnswer(exchange.conversation(), call,
                        result)))
                .switchIfEmpty(Mono.defer(() -> plainReply(exchange).map(reply -> new Outcome(exchange, null, null, reply)))));
    }

    /** A forget waits for approval, so its reply is the server's, not the planner's: none is measured. */
    private Mono<Outcome> replyFrom(ToolExchanges.Exchange exchange, PlannedCall call,
                                    Function<ToolResult, Mono<String>> reply) {
        if (call.tool().equals(ForgetTool.NAME)) {
            return Mono.just(new Outcome(exchange, call, null, ""));
        }
        ToolResult result = resultOf(exchange, call);
        return reply.apply(result).map(text -> new Outcome(exchange, call, result, text));
    }

    private Mono<String> plainReply(ToolExchanges.Exchange exchange) {
        Generation generation = decodeLoop.submit(exchange.conversation(), SamplingSettings.chat(SEED));
        return generation.events().ofType(Generation.Text.class).map(Generation.Text::text)
                .collect(StringBuilder::new, StringBuilder::append).map(StringBuilder::toString);
    }

    /**
     * What the tool returns for the call, computed as the server's tools compute it, for a caller
     * who is no admin; a forget waits for approval, so it has no result to read.
     */
    static ToolResult resultOf(KnowledgeIndex index, List<ChatMessage> conversation, PlannedCall call) {
        Map<String, String> arguments = call.arguments();
        return switch (call.tool()) {
            case DefineTool.NAME -> DefineTool.lookUp(index, arguments.get("term"));
            case SearchTool.NAME -> SearchTool.lookFor(index, arguments.get("query"));
            case CalculateTool.NAME -> CalculateTool.calculate(arguments.get("expression"));
            case HistoryTool.NAME -> HistoryTool.find(conversation.subList(0, conversation.size() - 1),
                    arguments.get("query"));
            case ServerLoadTool.NAME -> new ToolResult.Refused(ServerLoadTool.NAME
                    + " needs the admin role, which this request does not have.");
            default -> throw new IllegalArgumentException("no result to read for " + call.tool());
        };
    }

    /** As {@link #resultOf(KnowledgeIndex, List, PlannedCall)}, but the load an admin would see when it was asked for. */
    private ToolResult resultOf(ToolExchanges.Exchange exchange, PlannedCall call) {
        return call.tool().equals(ServerLoadTool.NAME) && exchange.call() != null
                && exchange.call().tool().equals(ServerLoadTool.NAME)
                ? exchange.result() : resultOf(index, exchange.conversation(), call);
    }

    private Row measure(String name, Function<ToolExchanges.Exchange, Mono<Outcome>> answer) {
        // each question has one generation at a time, so half the batch in flight always leaves the
        // model planner room: it never hands a question to the rules as it would under load
        List<Outcome> outcomes = Flux.fromIterable(questions).flatMapSequential(answer, BATCH / 2).collectList().block();
        int rightTool = 0;
        int argumentsAsked = 0;
        int rightArguments = 0;
        int answerable = 0;
        int grounded = 0;
        int madeUp = 0;
        int noEntry = 0;
        int invented = 0;
        List<String> misses = new ArrayList<>();
        for (Outcome outcome : Objects.requireNonNull(outcomes)) {
            ToolExchanges.Exchange exchange = outcome.exchange();
            PlannedCall expected = exchange.call();
            String expectedTool = expected == null ? "none" : expected.tool();
            String chosenTool = outcome.call() == null ? "none" : outcome.call().tool();
            boolean right = expectedTool.equals(chosenTool);
            if (right) {
                rightTool++;
                if (expected != null && !expected.arguments().isEmpty()) {
                    argumentsAsked++;
                    right = expected.arguments().equals(outcome.call().arguments());
                    rightArguments += right ? 1 : 0;
                }
            } else if (expected != null && !expected.arguments().isEmpty()) {
                argumentsAsked++; // a wrong tool cannot have the right arguments
            }
            if (exchange.result() != null) {
                answerable++;
                boolean isGrounded = Grounding.isGrounded(outcome.reply(), exchange.result());
                grounded += isGrounded ? 1 : 0;
                right &= isGrounded;
            }
            if (exchange.kind() == ToolExchanges.Kind.MADE_UP) {
                madeUp++;
                boolean saysNoEntry = outcome.reply().toLowerCase(Locale.ROOT).contains("no entry");
                noEntry += saysNoEntry ? 1 : 0;
                right &= saysNoEntry;
            }
            String shown = outcome.result() == null || Grounding.isGrounded(outcome.reply(), outcome.result())
                    ? outcome.reply() : GroundedAnswer.of(outcome.result());
            boolean invents = inventsContactDetails(Pii.redact(shown, Pii.find(shown)), exchange);
            invented += invents ? 1 : 0;
            if (!right || invents) {
                misses.add("%s after %d turns: %s | expected %s | called %s | replied %s".formatted(exchange.kind(),
                        exchange.earlier().size(), exchange.question(), expected, outcome.call(),
                        outcome.reply().replace('\n', ' ')));
            }
        }
        int total = outcomes.size();
        return new Row(name, total, (double) rightTool / total, (double) rightArguments / argumentsAsked,
                (double) grounded / answerable, (double) noEntry / madeUp, (double) invented / total, misses);
    }

    /** Contact details the reply has that neither the question nor the expected result gave it. */
    private static boolean inventsContactDetails(String reply, ToolExchanges.Exchange exchange) {
        String given = exchange.question() + " " + (exchange.result() == null ? ""
                : ToolPrompt.result(exchange.result()));
        return Grounding.contactDetails(reply).stream().anyMatch(detail -> !given.contains(detail));
    }

    List<ToolExchanges.Exchange> questions() {
        return questions;
    }
}
