package org.hybridchat.server.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.tools.CalculateTool;
import org.hybridchat.server.tools.DefineTool;
import org.hybridchat.server.tools.ForgetTool;
import org.hybridchat.server.tools.ServerLoadTool;
import org.hybridchat.server.tools.ToolArguments;
import org.junit.jupiter.api.Test;

class ToolPromptTest {
    private static final Map<String, ToolArguments> TOOLS = new LinkedHashMap<>(Map.of(
            ServerLoadTool.NAME, ServerLoadTool.ARGUMENTS, DefineTool.NAME, DefineTool.ARGUMENTS,
            ForgetTool.NAME, ForgetTool.ARGUMENTS, CalculateTool.NAME, CalculateTool.ARGUMENTS));

    @Test
    void the_tool_list_shows_each_tool_as_a_call_would_name_it_in_the_order_of_their_names() {
        assertThat(ToolPrompt.toolList(TOOLS)).isEqualTo("""
                calculate {"expression":string}
                define {"term":string}
                forget {"scope":"conversation"}
                server_load {}""");
    }

    @Test
    void a_call_is_written_and_read_back_the_same() {
        PlannedCall call = new PlannedCall("define", Map.of("term", "the \"C\" language"));

        String text = ToolPrompt.call(call, DefineTool.ARGUMENTS);

        assertThat(text).isEqualTo("define {\"term\":\"the \\\"C\\\" language\"}");
        assertThat(ToolPrompt.readCall(text, TOOLS)).contains(call);
        assertThat(ToolPrompt.readCall("server_load {}", TOOLS)).contains(new PlannedCall("server_load", Map.of()));
    }

    @Test
    void a_call_to_no_such_tool_or_with_arguments_off_its_schema_is_not_read() {
        assertThat(ToolPrompt.readCall("delete {\"term\":\"x\"}", TOOLS)).isEmpty();
        assertThat(ToolPrompt.readCall("define {\"word\":\"x\"}", TOOLS)).isEmpty();
        assertThat(ToolPrompt.readCall("forget {\"scope\":\"everything\"}", TOOLS)).isEmpty();
        assertThat(ToolPrompt.readCall("define", TOOLS)).isEmpty();
        assertThat(ToolPrompt.readCall("define {\"term\":", TOOLS)).isEmpty();
    }

    @Test
    void a_result_shows_the_model_every_fact_the_grounded_reply_states() {
        String text = "<programming> A program that translates a high-level language into machine code. "
                + "It reads the whole program first. ".repeat(20);
        ToolResult definition = new ToolResult.Definition("compiler", text, "FOLDOC", "GFDL", "https://x", List.of());
        String quoted = GroundedAnswer.of(definition).substring("From FOLDOC: ".length()).replace("…", "");

        assertThat(ToolPrompt.result(definition)).startsWith("FOLDOC, compiler: A program that translates")
                .contains(quoted).doesNotContain("<programming>");
        assertThat(ToolPrompt.result(new ToolResult.Calculation("2^64 - 1", "18446744073709551615")))
                .isEqualTo("2^64 - 1 = 18446744073709551615");
        assertThat(ToolPrompt.result(new ToolResult.NoEntry("florbix"))).isEqualTo("no entry for \"florbix\"");
        assertThat(ToolPrompt.result(new ToolResult.HistoryMatches("*", List.of(ChatMessage.user("what is a daemon?")))))
                .isEqualTo("1 message; latest: user: \"what is a daemon?\"");
    }
}
