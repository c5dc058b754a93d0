package org.hybridchat.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hybridchat.contract.StreamEvent.CodeBlock;
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
            new Vector("text_message_start.json", new TextMessageStart("m-1", Role.ASSISTANT)),
            new Vector("text_message_content.json", new TextMessageContent("m-1", "A daemon is a program")),
            new Vector("text_message_content_escapes.json", new TextMessageContent("m-1",
                    "<img src=x onerror=\"alert(1)\"> \"quoted\" \\ tab\there\nnew line \u2028 caf\u00e9 \ud83d\ude00")),
            new Vector("text_message_end.json", new TextMessageEnd("m-1")),
            new Vector("tool_call_start.json", new ToolCallStart("t-1", "calculator", "m-1")),
            new Vector("tool_call_args.json", new ToolCallArgs("t-1", "{\"expression\":\"6*7\"}")),
            new Vector("tool_call_end.json", new ToolCallEnd("t-1")),
            new Vector("tool_call_result.json", new ToolCallResult("m-2", "t-1", "42")),
            new Vector("custom_code_block.json",
                    new CodeBlock("m-1", "java", "int x = 1;\nSystem.out.println(x);")),
            new Vector("run_finished.json", new RunFinished("s-4f9c2a", "r-1")),
            new Vector("run_error.json",
                    new RunError("The model failed; your message is saved.", ErrorCode.MODEL_FAILURE)));

    /** Not canonical (spaces, escapes, AG-UI's optional fields) but it must decode to the same event. */
    public static final Vector NONCANONICAL = new Vector("../noncanonical_text_message_content.json",
            EVENTS.get(4).event());

    /** Files under {@code golden/invalid/}: each must be refused with a WireFormatException. */
    public static final List<String> INVALID = List.of("truncated.json", "unknown_type.json", "missing_type.json",
            "missing_field.json", "wrong_field_type.json", "not_an_object.json", "unknown_custom.json",
            "empty.json", "queued_negative_position.json");

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
