package org.hybridchat.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The contract's JSON reader against hostile input: whatever the text, every decoder gives a value or
 * a {@link WireFormatException} with a reason, never another exception (a stack overflow on deep
 * nesting was one). Property-based (jqwik), bounded to about a second: {@code tries} per property.
 */
class JsonReaderFuzzTest {

    private static final List<String> VALID = List.of(
            "{\"sessionId\":\"abc\",\"message\":\"hi\"}",
            "{\"type\":\"RUN_STARTED\",\"threadId\":\"t\",\"runId\":\"r\"}",
            "{\"type\":\"CUSTOM\",\"name\":\"queued\",\"value\":{\"position\":3}}",
            "{\"sessionId\":\"s\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\u00e9\\n\"}]}",
            "{\"active\":1,\"waiting\":0,\"maxActive\":64,\"maxWaiting\":256}",
            "[1,-2.5e+3,true,false,null,\"x\",{}]");

    @Property(tries = 2000)
    void any_text_decodes_or_is_refused_with_a_reason(@ForAll("jsonish") String text) {
        decodeEveryWay(text);
    }

    @Property(tries = 1000)
    void any_mutation_of_a_valid_message_decodes_or_is_refused_with_a_reason(@ForAll("mutated") String text) {
        decodeEveryWay(text);
    }

    @Property(tries = 50)
    void nesting_beyond_the_limit_is_refused_by_name_however_deep(
            @ForAll @IntRange(min = WireFormat.MAX_DEPTH + 1, max = 200_000) int depth, @ForAll boolean arrays) {
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String text = "{\"message\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
        WireFormatException e = assertThrows(WireFormatException.class, () -> WireFormat.decodeChatRequest(text));
        assertTrue(e.getMessage().contains("nested more than " + WireFormat.MAX_DEPTH + " levels deep"), e.getMessage());
    }

    @Property(tries = 20)
    void nesting_up_to_the_limit_is_read(@ForAll @IntRange(min = 1, max = WireFormat.MAX_DEPTH - 1) int depth) {
        String text = "{\"sessionId\":" + "[".repeat(depth) + "]".repeat(depth) + ",\"message\":\"hi\"}";
        // parsed fine; only the field's type is wrong
        WireFormatException e = assertThrows(WireFormatException.class, () -> WireFormat.decodeChatRequest(text));
        assertTrue(e.getMessage().contains("needs a string 'sessionId'"), e.getMessage());
        assertEquals("hi", WireFormat.decodeChatRequest("{\"message\":\"hi\",\"x\":" + "[".repeat(depth)
                + "]".repeat(depth) + "}").message());
    }

    private static void decodeEveryWay(String text) {
        for (Decoder decoder : List.<Decoder>of(WireFormat::decodeChatRequest, WireFormat::decodeEvent,
                WireFormat::decodeConversation, WireFormat::decodeChatMessage, WireFormat::decodeServerLoad,
                Json::parse)) {
            try {
                decoder.decode(text);
            } catch (WireFormatException refused) {
                assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank(), "a reason");
            }
        }
    }

    private interface Decoder {
        Object decode(String text);
    }

    /** Strings over JSON's own alphabet, so that many get deep into the grammar before they fail. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "\\ud800",
                "\"message\"", "\"sessionId\"", "\"type\"", "\"RUN_ERROR\"", "\"CUSTOM\"", "\"queued\"", "\"value\"",
                "\"position\"", "\"role\"", "\"user\"", "\"messages\"", "true", "fals", "null", "nul", "-", "0", "1e",
                "9999999999", "-0.5E+7", ".", " ", "\n", "\u0000", "\uD83D", "\uDE00", "é", "x");
        Arbitrary<String> structured = tokens.list().ofMaxSize(40).map(parts -> String.join("", parts));
        Arbitrary<String> deep = Arbitraries.integers().between(0, 5000)
                .map(n -> "{\"message\":" + "[".repeat(n));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, structured),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(60)),
                net.jqwik.api.Tuple.of(1, deep));
    }

    /** A valid message with one to three characters inserted, deleted or replaced. */
    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<Character> chars = Arbitraries.of('{', '}', '[', ']', '"', '\\', ',', ':', '0', 'u', 'e', '-',
                ' ', '\u0001', '\uD800');
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.doubles().between(0, 1), chars).as(Mutation::new);
        return Combinators.combine(Arbitraries.of(VALID), mutation.list().ofMinSize(1).ofMaxSize(3))
                .as((text, mutations) -> {
                    StringBuilder s = new StringBuilder(text);
                    for (Mutation m : mutations) {
                        m.apply(s);
                    }
                    return s.toString();
                });
    }

    private record Mutation(int kind, double where, char c) {
        void apply(StringBuilder s) {
            int at = (int) (where * s.length());
            switch (kind) {
                case 0 -> s.insert(at, c);
                case 1 -> {
                    if (at < s.length()) {
                        s.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < s.length()) {
                        s.setCharAt(at, c);
                    }
                }
            }
        }
    }
}
