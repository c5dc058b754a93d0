package org.hybridchat.server.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.knowledge.KnowledgeIndex;
import org.hybridchat.server.knowledge.ShippedDictionaries;
import org.hybridchat.server.network.ServerModel;
import org.hybridchat.server.tools.CalculateTool;
import org.hybridchat.server.tools.DefineTool;
import org.hybridchat.server.tools.ForgetTool;
import org.hybridchat.server.tools.HistoryTool;
import org.hybridchat.server.tools.SearchTool;
import org.hybridchat.server.tools.ServerLoadTool;
import org.hybridchat.server.tools.ToolArguments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped model as the planner: the calls it writes for the demo's questions, and the replies from their results. */
class ModelPlannerTest {
    private static final Map<String, ToolArguments> TOOLS = Map.of(DefineTool.NAME, DefineTool.ARGUMENTS,
            SearchTool.NAME, SearchTool.ARGUMENTS, CalculateTool.NAME, CalculateTool.ARGUMENTS,
            HistoryTool.NAME, HistoryTool.ARGUMENTS, ForgetTool.NAME, ForgetTool.ARGUMENTS,
            ServerLoadTool.NAME, ServerLoadTool.ARGUMENTS);

    private static ServerModel model;
    private static DecodeLoop loop;
    private static ModelPlanner planner;
    private static KnowledgeIndex index;

    @BeforeAll
    static void loadTheShippedModel() {
        model = ServerModel.loadShipped();
        loop = new DecodeLoop(model, 8, 64, Duration.ofMinutes(1), false, new SimpleMeterRegistry());
        planner = new ModelPlanner(loop, model, TOOLS, new SimpleMeterRegistry());
        index = ShippedDictionaries.index();
    }

    @AfterAll
    static void close() {
        loop.close();
        model.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "what is a compiler?      | define    | term       | compiler",
            "explain what RTFM means  | define    | term       | RTFM",
            "what's 2^64 - 1?         | calculate | expression | 2^64 - 1",
            "what is a compilr?       | define    | term       | compilr",
            "forget this conversation | forget    | scope      | conversation"})
    void the_demo_s_questions_get_the_model_s_own_calls(String question, String tool, String argument, String value) {
        assertThat(plan(question)).isEqualTo(new PlannedCall(tool, Map.of(argument, value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "thanks!", "tell me a story about a daemon",
            "Tell me everything about operating systems."})
    void small_talk_and_what_no_tool_fits_get_no_call(String message) {
        assertThat(plan(message)).isNull();
    }

    @Test
    void a_follow_up_is_planned_from_the_last_message_not_the_one_before() {
        List<ChatMessage> afterADefinition = List.of(ChatMessage.user("what is a compiler?"),
                ChatMessage.assistant("From The Free On-line Dictionary of Computing: A program that converts another"
                        + " program from some source language (or programming language) to machine language (object code)."),
                ChatMessage.user("and what's 2^10?"));

        assertThat(planner.plan(afterADefinition).block())
                .isEqualTo(new PlannedCall("calculate", Map.of("expression", "2^10")));
    }

    @Test
    void the_replies_are_drawn_from_the_results_the_tools_return() {
        assertThat(replyTo("what is a compiler?"))
                .startsWith("From The Free On-line Dictionary of Computing: A program that converts another program");
        assertThat(replyTo("what's 2^64 - 1?")).isEqualTo("2^64 - 1 = 18446744073709551615");
        assertThat(replyTo("what is a compilr?")).as("the tool found the entry the slip meant").contains("program");
        assertThat(replyTo("what does florbix mean?")).contains("no entry for \"florbix\"");
    }

    private static PlannedCall plan(String message) {
        return planner.plan(List.of(ChatMessage.user(message))).block();
    }

    private static String replyTo(String message) {
        List<ChatMessage> conversation = List.of(ChatMessage.user(message));
        PlannedCall call = planner.plan(conversation).block();
        assertThat(call).as(message).isNotNull();
        ToolResult result = switch (call.tool()) {
            case DefineTool.NAME -> DefineTool.lookUp(index, call.arguments().get("term"));
            case CalculateTool.NAME -> CalculateTool.calculate(call.arguments().get("expression"));
            default -> throw new AssertionError("an unexpected call: " + call);
        };
        String reply = planner.answer(conversation, call, result).block();
        assertThat(Grounding.isGrounded(reply, result)).as(reply).isTrue();
        return reply;
    }
}
