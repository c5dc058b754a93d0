package org.hybridchat.contract;

import java.util.ArrayList;
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
 * The JSON wire form of the contract, the only one: the server encodes with it, the browser decodes
 * with it (compiled by TeaVM), and the golden vectors pin it. Field names are AG-UI's.
 *
 * <p>Encoding is canonical (fixed field order, absent optionals omitted, no spaces), so equal values
 * give equal bytes. Decoding ignores fields it does not know, as AG-UI allows ({@code timestamp},
 * {@code rawEvent}), but a wrong or missing {@code type} or required field is a
 * {@link WireFormatException}, never a null.
 */
public final class WireFormat {

    /** The AG-UI CUSTOM event name that carries a {@link CodeBlock}. */
    public static final String CODE_BLOCK = "code_block";

    /** The AG-UI CUSTOM event name that carries a {@link Queued}. */
    public static final String QUEUED = "queued";

    /** The AG-UI CUSTOM event name that carries an {@link Engine}. */
    public static final String ENGINE = "engine";

    private WireFormat() {}

    // ---- stream events

    public static String encode(StreamEvent event) {
        return switch (event) {
            case RunStarted e -> object("RUN_STARTED").put("threadId", e.threadId()).put("runId", e.runId()).end();
            case RunFinished e -> object("RUN_FINISHED").put("threadId", e.threadId()).put("runId", e.runId())
                    .putRaw("outcome", e.interrupts().isEmpty() ? null : interruptOutcome(e.interrupts())).end();
            case RunError e -> object("RUN_ERROR").put("message", e.message()).put("code", e.code()).end();
            case TextMessageStart e ->
                    object("TEXT_MESSAGE_START").put("messageId", e.messageId()).put("role", e.role().wireName()).end();
            case TextMessageContent e ->
                    object("TEXT_MESSAGE_CONTENT").put("messageId", e.messageId()).put("delta", e.delta()).end();
            case TextMessageEnd e -> object("TEXT_MESSAGE_END").put("messageId", e.messageId()).end();
            case ToolCallStart e -> object("TOOL_CALL_START").put("toolCallId", e.toolCallId())
                    .put("toolCallName", e.toolCallName()).put("parentMessageId", e.parentMessageId()).end();
            case ToolCallArgs e -> object("TOOL_CALL_ARGS").put("toolCallId", e.toolCallId()).put("delta", e.delta()).end();
            case ToolCallEnd e -> object("TOOL_CALL_END").put("toolCallId", e.toolCallId()).end();
            case ToolCallResult e -> object("TOOL_CALL_RESULT").put("messageId", e.messageId())
                    .put("toolCallId", e.toolCallId()).put("content", e.content()).end();
            case CodeBlock e -> object("CUSTOM").put("name", CODE_BLOCK).putRaw("value", new JsonWriter()
                    .put("messageId", e.messageId()).put("language", e.language()).put("code", e.code()).end()).end();
            case Queued e -> object("CUSTOM").put("name", QUEUED)
                    .putRaw("value", new JsonWriter().put("position", e.position()).end()).end();
            case Engine e -> object("CUSTOM").put("name", ENGINE)
                    .putRaw("value", new JsonWriter().put("name", e.name()).end()).end();
        };
    }

    public static StreamEvent decodeEvent(String json) {
        JsonFields f = JsonFields.of(Json.parse(json), "event");
        String type = f.string("type");
        JsonFields e = f.named(type);
        return switch (type) {
            case "RUN_STARTED" -> new RunStarted(e.string("threadId"), e.string("runId"));
            case "RUN_FINISHED" -> new RunFinished(e.string("threadId"), e.string("runId"), interrupts(e));
            case "RUN_ERROR" -> new RunError(e.string("message"), e.optionalString("code"));
            case "TEXT_MESSAGE_START" -> new TextMessageStart(e.string("messageId"), Role.fromWire(e.string("role")));
            case "TEXT_MESSAGE_CONTENT" -> new TextMessageContent(e.string("messageId"), e.string("delta"));
            case "TEXT_MESSAGE_END" -> new TextMessageEnd(e.string("messageId"));
            case "TOOL_CALL_START" -> new ToolCallStart(e.string("toolCallId"), e.string("toolCallName"),
                    e.optionalString("parentMessageId"));
            case "TOOL_CALL_ARGS" -> new ToolCallArgs(e.string("toolCallId"), e.string("delta"));
            case "TOOL_CALL_END" -> new ToolCallEnd(e.string("toolCallId"));
            case "TOOL_CALL_RESULT" -> new ToolCallResult(e.string("messageId"), e.string("toolCallId"),
                    e.string("content"));
            case "CUSTOM" -> decodeCustom(e);
            default -> throw new WireFormatException("unknown event type '" + type + "'");
        };
    }

    // An interrupted run ends with AG-UI's interrupt outcome; a completed one omits the outcome, which
    // AG-UI reads as success, so the bytes of an ordinary RUN_FINISHED stay what they always were.
    private static String interruptOutcome(List<Interrupt> interrupts) {
        return new JsonWriter().put("type", "interrupt").putRaw("interrupts", JsonWriter.array(interrupts.stream()
                .map(i -> new JsonWriter().put("id", i.id()).put("reason", i.reason()).put("message", i.message())
                        .put("toolCallId", i.toolCallId()).put("expiresAt", i.expiresAt()).end())
                .toList())).end();
    }

    private static List<Interrupt> interrupts(JsonFields runFinished) {
        if (!runFinished.has("outcome")) {
            return List.of();
        }
        JsonFields outcome = runFinished.object("outcome");
        String type = outcome.string("type");
        if (!type.equals("interrupt")) {
            return List.of(); // "success" and "cancelled" ask nothing of the client
        }
        List<Interrupt> interrupts = new ArrayList<>();
        for (Object item : outcome.list("interrupts")) {
            JsonFields i = JsonFields.of(item, "interrupt");
            interrupts.add(new Interrupt(i.string("id"), i.string("reason"), i.optionalString("message"),
                    i.optionalString("toolCallId"), i.optionalString("expiresAt")));
        }
        if (interrupts.isEmpty()) {
            throw new WireFormatException("an interrupt outcome needs at least one interrupt");
        }
        return interrupts;
    }

    private static StreamEvent decodeCustom(JsonFields e) {
        String name = e.string("name");
        return switch (name) {
            case CODE_BLOCK -> {
                JsonFields v = e.object("value");
                yield new CodeBlock(v.string("messageId"), v.string("language"), v.string("code"));
            }
            case QUEUED -> new Queued(e.object("value").count("position"));
            case ENGINE -> new Engine(e.object("value").string("name"));
            default -> throw new WireFormatException("unknown CUSTOM event name '" + name + "'");
        };
    }

    // ---- chat request

    public static String encode(ChatRequest request) {
        JsonWriter writer = new JsonWriter().put("sessionId", request.sessionId()).put("message", request.message());
        if (!request.resume().isEmpty()) {
            writer.putRaw("resume", JsonWriter.array(request.resume().stream()
                    .map(r -> new JsonWriter().put("interruptId", r.interruptId()).put("status", "resolved")
                            .putRaw("payload", new JsonWriter().put("approved", r.approved()).end()).end())
                    .toList()));
        }
        return writer.end();
    }

    /** How deep the decoders let JSON objects and arrays nest, unless told otherwise. */
    public static final int MAX_DEPTH = Json.DEFAULT_MAX_DEPTH;

    /**
     * A chat request carries a new message, or (AG-UI's resume) the answers to the interrupts the
     * last run ended with; not both, and not neither.
     */
    public static ChatRequest decodeChatRequest(String json) {
        return decodeChatRequest(json, MAX_DEPTH);
    }

    /** A chat request, refusing JSON that nests more than {@code maxDepth} objects and arrays deep. */
    public static ChatRequest decodeChatRequest(String json, int maxDepth) {
        JsonFields f = JsonFields.of(Json.parse(json, maxDepth), "chat request");
        List<Resume> resume = new ArrayList<>();
        if (f.has("resume")) {
            for (Object item : f.list("resume")) {
                JsonFields r = JsonFields.of(item, "resume entry");
                String status = r.string("status");
                boolean approved = switch (status) {
                    case "resolved" -> r.has("payload") && r.object("payload").bool("approved");
                    case "cancelled" -> false;
                    default -> throw new WireFormatException("resume entry needs a status 'resolved' or 'cancelled'");
                };
                resume.add(new Resume(r.string("interruptId"), approved));
            }
        }
        if (resume.isEmpty()) {
            return new ChatRequest(f.optionalString("sessionId"), f.string("message"));
        }
        if (f.has("message")) {
            throw new WireFormatException("chat request has a 'message' and a 'resume': send one or the other");
        }
        return new ChatRequest(f.optionalString("sessionId"), null, resume);
    }

    // ---- tool results: the content of TOOL_CALL_RESULT

    public static String encode(ToolResult result) {
        return switch (result) {
            case ToolResult.Definition d -> new JsonWriter().put("type", "definition").put("headword", d.headword())
                    .put("text", d.text()).put("source", d.source()).put("license", d.license())
                    .put("licenseUrl", d.licenseUrl()).putRaw("seeAlso", JsonWriter.strings(d.seeAlso())).end();
            case ToolResult.NoEntry n -> new JsonWriter().put("type", "no_entry").put("term", n.term()).end();
            case ToolResult.SearchResults r -> new JsonWriter().put("type", "search").put("query", r.query())
                    .putRaw("hits", JsonWriter.array(r.hits().stream().map(h -> new JsonWriter()
                            .put("headword", h.headword()).put("source", h.source()).put("snippet", h.snippet()).end())
                            .toList())).end();
            case ToolResult.Calculation c -> new JsonWriter().put("type", "calculation")
                    .put("expression", c.expression()).put("value", c.value()).end();
            case ToolResult.HistoryMatches h -> new JsonWriter().put("type", "history").put("query", h.query())
                    .putRaw("messages", messages(h.messages())).end();
            case ToolResult.Forgotten f -> new JsonWriter().put("type", "forgotten").put("messages", f.messages()).end();
            case ToolResult.Load l -> new JsonWriter().put("type", "server_load").putRaw("load", encode(l.load())).end();
            case ToolResult.Refused r -> new JsonWriter().put("type", "refused").put("reason", r.reason()).end();
            case ToolResult.Declined d -> new JsonWriter().put("type", "declined").put("reason", d.reason()).end();
            case ToolResult.Failed f -> new JsonWriter().put("type", "error").put("message", f.message()).end();
        };
    }

    public static ToolResult decodeToolResult(String json) {
        JsonFields f = JsonFields.of(Json.parse(json), "tool result");
        String type = f.string("type");
        JsonFields r = f.named(type);
        return switch (type) {
            case "definition" -> new ToolResult.Definition(r.string("headword"), r.string("text"), r.string("source"),
                    r.string("license"), r.optionalString("licenseUrl"), r.strings("seeAlso"));
            case "no_entry" -> new ToolResult.NoEntry(r.string("term"));
            case "search" -> {
                List<ToolResult.SearchHit> hits = new ArrayList<>();
                for (Object item : r.list("hits")) {
                    JsonFields h = JsonFields.of(item, "search hit");
                    hits.add(new ToolResult.SearchHit(h.string("headword"), h.string("source"), h.string("snippet")));
                }
                yield new ToolResult.SearchResults(r.string("query"), hits);
            }
            case "calculation" -> new ToolResult.Calculation(r.string("expression"), r.string("value"));
            case "history" -> {
                List<ChatMessage> messages = new ArrayList<>();
                for (Object item : r.list("messages")) {
                    messages.add(chatMessage(item));
                }
                yield new ToolResult.HistoryMatches(r.string("query"), messages);
            }
            case "forgotten" -> new ToolResult.Forgotten(r.count("messages"));
            case "server_load" -> {
                JsonFields l = r.object("load");
                yield new ToolResult.Load(new ServerLoad(l.count("active"), l.count("waiting"), l.count("maxActive"),
                        l.count("maxWaiting")));
            }
            case "refused" -> new ToolResult.Refused(r.string("reason"));
            case "declined" -> new ToolResult.Declined(r.string("reason"));
            case "error" -> new ToolResult.Failed(r.string("message"));
            default -> throw new WireFormatException("unknown tool result type '" + type + "'");
        };
    }


    // ---- server load

    public static String encode(ServerLoad load) {
        return new JsonWriter().put("active", load.active()).put("waiting", load.waiting())
                .put("maxActive", load.maxActive()).put("maxWaiting", load.maxWaiting()).end();
    }

    public static ServerLoad decodeServerLoad(String json) {
        JsonFields f = JsonFields.of(Json.parse(json), "server load");
        return new ServerLoad(f.count("active"), f.count("waiting"), f.count("maxActive"), f.count("maxWaiting"));
    }

    // ---- conversation

    public static String encode(Conversation conversation) {
        return new JsonWriter().put("sessionId", conversation.sessionId())
                .putRaw("messages", messages(conversation.messages())).end();
    }

    private static String messages(List<ChatMessage> messages) {
        return JsonWriter.array(messages.stream().map(WireFormat::encode).toList());
    }

    public static String encode(ChatMessage message) {
        return new JsonWriter().put("role", message.role().wireName()).put("content", message.content()).end();
    }

    public static ChatMessage decodeChatMessage(String json) {
        return chatMessage(Json.parse(json));
    }

    public static Conversation decodeConversation(String json) {
        JsonFields f = JsonFields.of(Json.parse(json), "conversation");
        List<ChatMessage> messages = new ArrayList<>();
        for (Object m : f.list("messages")) {
            messages.add(chatMessage(m));
        }
        return new Conversation(f.string("sessionId"), messages);
    }

    private static ChatMessage chatMessage(Object json) {
        JsonFields f = JsonFields.of(json, "message");
        return new ChatMessage(Role.fromWire(f.string("role")), f.string("content"));
    }

    private static JsonWriter object(String type) {
        return new JsonWriter().put("type", type);
    }
}
