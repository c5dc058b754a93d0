package org.hybridchat.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hybridchat.contract.StreamEvent.CodeBlock;
import org.hybridchat.contract.StreamEvent.Engine;
import org.hybridchat.contract.StreamEvent.Queued;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.StreamEvent.TextMessageEnd;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.contract.StreamEvent.ToolCallArgs;
import org.hybridchat.contract.StreamEvent.ToolCallEnd;
import org.hybridchat.contract.StreamEvent.ToolCallResult;
import org.hybridchat.contract.StreamEvent.ToolCallStart;

/**
 * The golden vectors: files under {@code golden/} on the test classpath, each paired with the value it
 * stands for. Shipped in shared-model's test-jar so that the server's and the client's tests check
 * the very same files.
 */
public final class GoldenVectors {

    /** A canonical event: {@code WireFormat.encode(event)} gives exactly the file's bytes, and back. */
    public record Vector(String file, StreamEvent event) {
        public String json() {
            return read("golden/events/" + file);
        }
    }

    public static final List<Vector> EVENTS = List.of(
            new Vector("run_started.json", new RunStarted("s-4f9c2a", "r-1")),
            new Vector("custom_queued.json", new Queued(3)),
            new Vector("custom_engine.json", new Engine("gpu-1")),
            new Vector("text_message_start.json", new TextMessageStart("m-1", Role.ASSISTANT)),
            new Vector("text_message_content.json", new TextMessageContent("m-1", "A daemon is a program")),
            new Vector("text_message_content_escapes.json", new TextMessageContent("m-1",
                    "<img src=x onerror=\"alert(1)\"> \"quoted\" \\ tab\there\nnew line \u2028 caf\u00e9 \ud83d\ude00")),
            new Vector("text_message_end.json", new TextMessageEnd("m-1")),
            new Vector("tool_call_start.json", new ToolCallStart("t-1", "calculate", "m-1")),
            new Vector("tool_call_start_no_parent.json", new ToolCallStart("t-2", "define", null)),
            new Vector("tool_call_args.json", new ToolCallArgs("t-1", "{\"expression\":\"6*7\"}")),
            new Vector("tool_call_end.json", new ToolCallEnd("t-1")),
            new Vector("tool_call_result.json", new ToolCallResult("m-2", "t-1",
                    "{\"type\":\"calculation\",\"expression\":\"6*7\",\"value\":\"42\"}")),
            new Vector("custom_code_block.json",
                    new CodeBlock("m-1", "java", "int x = 1;\nSystem.out.println(x);")),
            new Vector("run_finished.json", new RunFinished("s-4f9c2a", "r-1")),
            new Vector("run_finished_interrupt.json", new RunFinished("s-4f9c2a", "r-2", List.of(new Interrupt("i-7Qf2",
                    Interrupt.TOOL_APPROVAL, "Delete this conversation (4 messages)? This cannot be undone.", "t-3",
                    "2026-12-04T15:05:00Z")))),
            new Vector("run_error.json",
                    new RunError("The model failed; your message is saved.", ErrorCode.MODEL_FAILURE)));

    /** Not canonical (spaces, escapes, AG-UI's optional fields) but it must decode to the same event. */
    public static final Vector NONCANONICAL = new Vector("../noncanonical_text_message_content.json",
            EVENTS.stream().filter(v -> v.file().equals("text_message_content_escapes.json")).findFirst().orElseThrow()
                    .event());

    /** Files under {@code golden/invalid/}: each must be refused with a WireFormatException. */
    public static final List<String> INVALID = List.of("truncated.json", "unknown_type.json", "missing_type.json",
            "missing_field.json", "wrong_field_type.json", "not_an_object.json", "unknown_custom.json",
            "empty.json", "queued_negative_position.json", "engine_name_not_a_string.json");

    /** A typed tool result: the content of a TOOL_CALL_RESULT, one file per kind under {@code golden/tool_results/}. */
    public record ToolResultVector(String file, ToolResult result) {
        public String json() {
            return read("golden/tool_results/" + file);
        }
    }

    public static final List<ToolResultVector> TOOL_RESULTS = List.of(
            new ToolResultVector("definition.json", new ToolResult.Definition("compiler",
                    "A program that converts another program from some source language to machine language.", "FOLDOC",
                    "GNU Free Documentation License", "https://www.gnu.org/licenses/fdl-1.3.html",
                    List.of("source language", "machine language"))),
            new ToolResultVector("no_entry.json", new ToolResult.NoEntry("florbix")),
            new ToolResultVector("search.json", new ToolResult.SearchResults("garbage collection", List.of(
                    new ToolResult.SearchHit("garbage collection", "FOLDOC",
                            "The process by which dynamically allocated storage is reclaimed"),
                    new ToolResult.SearchHit("GC", "Jargon File", "To clean up and throw away useless things.")))),
            new ToolResultVector("calculation.json", new ToolResult.Calculation("2^64 - 1", "18446744073709551615")),
            new ToolResultVector("history.json", new ToolResult.HistoryMatches("daemon",
                    List.of(ChatMessage.user("what is a daemon?")))),
            new ToolResultVector("forgotten.json", new ToolResult.Forgotten(4)),
            new ToolResultVector("server_load.json", new ToolResult.Load(new ServerLoad(3, 0, 64, 256))),
            new ToolResultVector("refused.json", new ToolResult.Refused("server_load needs the admin role.")),
            new ToolResultVector("declined.json", new ToolResult.Declined("You denied it; nothing was deleted.")),
            new ToolResultVector("error.json", new ToolResult.Failed("Division by zero.")));

    /** A chat request that answers an interrupt instead of sending a message. */
    public static final ChatRequest RESUME_REQUEST = new ChatRequest("s-4f9c2a", null,
            List.of(new Resume("i-7Qf2", true)));

    public static String resumeRequest() {
        return read("golden/chat_request_resume.json");
    }

    /** The body of {@code GET /api/load}, and the value it stands for. */
    public static final ServerLoad SERVER_LOAD = new ServerLoad(64, 12, 64, 10000);

    public static String serverLoad() {
        return read("golden/server_load.json");
    }

    public static String invalid(String file) {
        return read("golden/invalid/" + file);
    }

    private static String read(String resource) {
        String path = resource.replace("events/../", "");
        try (InputStream in = GoldenVectors.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing golden vector " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private GoldenVectors() {}
}
