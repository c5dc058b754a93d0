package org.hybridchat.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
            case CodeBlock e -> object("CUSTOM").put("name", CODE_BLOCK).putRaw("value", new Writer()
                    .put("messageId", e.messageId()).put("language", e.language()).put("code", e.code()).end()).end();
            case Queued e -> object("CUSTOM").put("name", QUEUED)
                    .putRaw("value", new Writer().put("position", e.position()).end()).end();
        };
    }

    public static StreamEvent decodeEvent(String json) {
        Fields f = new Fields(asObject(Json.parse(json), "event"), "event");
        String type = f.string("type");
        Fields e = f.named(type);
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
        StringBuilder list = new StringBuilder("[");
        for (Interrupt i : interrupts) {
            list.append(list.length() > 1 ? "," : "").append(new Writer().put("id", i.id()).put("reason", i.reason())
                    .put("message", i.message()).put("toolCallId", i.toolCallId()).put("expiresAt", i.expiresAt()).end());
        }
        return new Writer().put("type", "interrupt").putRaw("interrupts", list.append(']').toString()).end();
    }

    private static List<Interrupt> interrupts(Fields runFinished) {
        if (!runFinished.has("outcome")) {
            return List.of();
        }
        Fields outcome = runFinished.object("outcome");
        String type = outcome.string("type");
        if (!type.equals("interrupt")) {
            return List.of(); // "success" and "cancelled" ask nothing of the client
        }
        List<Interrupt> interrupts = new ArrayList<>();
        for (Object item : outcome.list("interrupts")) {
            Fields i = new Fields(asObject(item, "interrupt"), "interrupt");
            interrupts.add(new Interrupt(i.string("id"), i.string("reason"), i.optionalString("message"),
                    i.optionalString("toolCallId"), i.optionalString("expiresAt")));
        }
        if (interrupts.isEmpty()) {
            throw new WireFormatException("an interrupt outcome needs at least one interrupt");
        }
        return interrupts;
    }

    private static StreamEvent decodeCustom(Fields e) {
        String name = e.string("name");
        return switch (name) {
            case CODE_BLOCK -> {
                Fields v = e.object("value");
                yield new CodeBlock(v.string("messageId"), v.string("language"), v.string("code"));
            }
            case QUEUED -> new Queued(e.object("value").count("position"));
            default -> throw new WireFormatException("unknown CUSTOM event name '" + name + "'");
        };
    }

    // ---- chat request

    public static String encode(ChatRequest request) {
        Writer writer = new Writer().put("sessionId", request.sessionId()).put("message", request.message());
        if (!request.resume().isEmpty()) {
            StringBuilder entries = new StringBuilder("[");
            for (Resume r : request.resume()) {
                entries.append(entries.length() > 1 ? "," : "").append(new Writer().put("interruptId", r.interruptId())
                        .put("status", "resolved").putRaw("payload", new Writer().put("approved", r.approved()).end())
                        .end());
            }
            writer.putRaw("resume", entries.append(']').toString());
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
        Fields f = new Fields(asObject(Json.parse(json, maxDepth), "chat request"), "chat request");
        List<Resume> resume = new ArrayList<>();
        if (f.has("resume")) {
            for (Object item : f.list("resume")) {
                Fields r = new Fields(asObject(item, "resume entry"), "resume entry");
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
            case ToolResult.Definition d -> new Writer().put("type", "definition").put("headword", d.headword())
                    .put("text", d.text()).put("source", d.source()).put("license", d.license())
                    .put("licenseUrl", d.licenseUrl()).putRaw("seeAlso", strings(d.seeAlso())).end();
            case ToolResult.NoEntry n -> new Writer().put("type", "no_entry").put("term", n.term()).end();
            case ToolResult.SearchResults r -> {
                StringBuilder hits = new StringBuilder("[");
                for (ToolResult.SearchHit h : r.hits()) {
                    hits.append(hits.length() > 1 ? "," : "").append(new Writer().put("headword", h.headword())
                            .put("source", h.source()).put("snippet", h.snippet()).end());
                }
                yield new Writer().put("type", "search").put("query", r.query())
                        .putRaw("hits", hits.append(']').toString()).end();
            }
            case ToolResult.Calculation c -> new Writer().put("type", "calculation")
                    .put("expression", c.expression()).put("value", c.value()).end();
            case ToolResult.HistoryMatches h -> {
                StringBuilder messages = new StringBuilder("[");
                for (ChatMessage m : h.messages()) {
                    messages.append(messages.length() > 1 ? "," : "").append(encode(m));
                }
                yield new Writer().put("type", "history").put("query", h.query())
                        .putRaw("messages", messages.append(']').toString()).end();
            }
            case ToolResult.Forgotten f -> new Writer().put("type", "forgotten").put("messages", f.messages()).end();
            case ToolResult.Load l -> new Writer().put("type", "server_load").putRaw("load", encode(l.load())).end();
            case ToolResult.Refused r -> new Writer().put("type", "refused").put("reason", r.reason()).end();
            case ToolResult.Declined d -> new Writer().put("type", "declined").put("reason", d.reason()).end();
            case ToolResult.Failed f -> new Writer().put("type", "error").put("message", f.message()).end();
        };
    }

    public static ToolResult decodeToolResult(String json) {
        Fields f = new Fields(asObject(Json.parse(json), "tool result"), "tool result");
        String type = f.string("type");
        Fields r = f.named(type);
        return switch (type) {
            case "definition" -> new ToolResult.Definition(r.string("headword"), r.string("text"), r.string("source"),
                    r.string("license"), r.optionalString("licenseUrl"), r.strings("seeAlso"));
            case "no_entry" -> new ToolResult.NoEntry(r.string("term"));
            case "search" -> {
                List<ToolResult.SearchHit> hits = new ArrayList<>();
                for (Object item : r.list("hits")) {
                    Fields h = new Fields(asObject(item, "search hit"), "search hit");
                    hits.add(new ToolResult.SearchHit(h.string("headword"), h.string("source"), h.string("snippet")));
                }
                yield new ToolResult.SearchResults(r.string("query"), hits);
            }
            case "calculation" -> new ToolResult.Calculation(r.string("expression"), r.string("value"));
            case "history" -> {
                List<ChatMessage> messages = new ArrayList<>();
                for (Object item : r.list("messages")) {
                    messages.add(chatMessage(asObject(item, "message")));
                }
                yield new ToolResult.HistoryMatches(r.string("query"), messages);
            }
            case "forgotten" -> new ToolResult.Forgotten(r.count("messages"));
            case "server_load" -> {
                Fields l = r.object("load");
                yield new ToolResult.Load(new ServerLoad(l.count("active"), l.count("waiting"), l.count("maxActive"),
                        l.count("maxWaiting")));
            }
            case "refused" -> new ToolResult.Refused(r.string("reason"));
            case "declined" -> new ToolResult.Declined(r.string("reason"));
            case "error" -> new ToolResult.Failed(r.string("message"));
            default -> throw new WireFormatException("unknown tool result type '" + type + "'");
        };
    }

    private static String strings(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String value : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            Json.quote(value, out);
        }
        return out.append(']').toString();
    }

    // ---- server load

    public static String encode(ServerLoad load) {
        return new Writer().put("active", load.active()).put("waiting", load.waiting())
                .put("maxActive", load.maxActive()).put("maxWaiting", load.maxWaiting()).end();
    }

    public static ServerLoad decodeServerLoad(String json) {
        Fields f = new Fields(asObject(Json.parse(json), "server load"), "server load");
        return new ServerLoad(f.count("active"), f.count("waiting"), f.count("maxActive"), f.count("maxWaiting"));
    }

    // ---- conversation

    public static String encode(Conversation conversation) {
        StringBuilder messages = new StringBuilder("[");
        for (ChatMessage m : conversation.messages()) {
            if (messages.length() > 1) {
                messages.append(',');
            }
            messages.append(encode(m));
        }
        return new Writer().put("sessionId", conversation.sessionId())
                .putRaw("messages", messages.append(']').toString()).end();
    }

    public static String encode(ChatMessage message) {
        return new Writer().put("role", message.role().wireName()).put("content", message.content()).end();
    }

    public static ChatMessage decodeChatMessage(String json) {
        return chatMessage(asObject(Json.parse(json), "message"));
    }

    public static Conversation decodeConversation(String json) {
        Fields f = new Fields(asObject(Json.parse(json), "conversation"), "conversation");
        List<ChatMessage> messages = new ArrayList<>();
        for (Object m : f.list("messages")) {
            messages.add(chatMessage(asObject(m, "message")));
        }
        return new Conversation(f.string("sessionId"), messages);
    }

    private static ChatMessage chatMessage(Map<String, Object> map) {
        Fields f = new Fields(map, "message");
        return new ChatMessage(Role.fromWire(f.string("role")), f.string("content"));
    }

    // ---- helpers

    private static Writer object(String type) {
        return new Writer().put("type", type);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new WireFormatException("a " + what + " must be a JSON object");
    }

    /** Builds one JSON object in the canonical form; null values are left out. */
    private static final class Writer {
        private final StringBuilder out = new StringBuilder("{");

        Writer put(String name, String value) {
            if (value != null) {
                StringBuilder quoted = new StringBuilder();
                Json.quote(value, quoted);
                putRaw(name, quoted.toString());
            }
            return this;
        }

        Writer put(String name, int value) {
            return putRaw(name, Integer.toString(value));
        }

        Writer put(String name, boolean value) {
            return putRaw(name, Boolean.toString(value));
        }

        /** A field whose value is already JSON; a null value leaves the field out. */
        Writer putRaw(String name, String json) {
            if (json == null) {
                return this;
            }
            if (out.length() > 1) {
                out.append(',');
            }
            Json.quote(name, out);
            out.append(':').append(json);
            return this;
        }

        String end() {
            return out.append('}').toString();
        }
    }

    /** Typed access to a decoded object's fields, with errors that name the field and the message. */
    private record Fields(Map<String, Object> map, String what) {

        Fields named(String type) {
            return new Fields(map, type);
        }

        String string(String name) {
            Object v = map.get(name);
            if (v instanceof String s) {
                return s;
            }
            throw new WireFormatException(what + " needs a string '" + name + "'"
                    + (v == null ? "" : ", not " + describe(v)));
        }

        boolean has(String name) {
            return map.get(name) != null;
        }

        boolean bool(String name) {
            if (map.get(name) instanceof Boolean b) {
                return b;
            }
            throw new WireFormatException(what + " needs a boolean '" + name + "'");
        }

        List<String> strings(String name) {
            List<String> strings = new ArrayList<>();
            for (Object item : list(name)) {
                if (!(item instanceof String s)) {
                    throw new WireFormatException(what + " needs '" + name + "' to hold only strings");
                }
                strings.add(s);
            }
            return strings;
        }

        String optionalString(String name) {
            return map.get(name) == null ? null : string(name);
        }

        /** A whole number from 0 to 999,999,999: positions and counts. */
        int count(String name) {
            if (map.get(name) instanceof Json.Number number && isCount(number.text())) {
                return Integer.parseInt(number.text());
            }
            throw new WireFormatException(what + " needs a whole number '" + name + "' from 0 to 999999999");
        }

        // by hand, not a regex: TeaVM would ship a regex engine to the browser for it
        private static boolean isCount(String digits) {
            if (digits.length() > 9 || digits.length() > 1 && digits.charAt(0) == '0') {
                return false;
            }
            for (int i = 0; i < digits.length(); i++) {
                if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        Fields object(String name) {
            Object v = map.get(name);
            if (v == null) {
                throw new WireFormatException(what + " needs an object '" + name + "'");
            }
            return new Fields(asObject(v, what + "." + name), what + "." + name);
        }

        List<?> list(String name) {
            if (map.get(name) instanceof List<?> list) {
                return list;
            }
            throw new WireFormatException(what + " needs an array '" + name + "'");
        }

        private static String describe(Object v) {
            return v instanceof Map ? "an object" : v instanceof List ? "an array"
                    : v instanceof Json.Number ? "a number" : v instanceof Boolean ? "a boolean" : "a value";
        }
    }
}
