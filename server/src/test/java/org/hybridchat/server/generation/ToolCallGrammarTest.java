package org.hybridchat.server.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.hybridchat.contract.Json;
import org.hybridchat.server.network.BpeTokenizer;
import org.hybridchat.server.tools.CalculateTool;
import org.hybridchat.server.tools.DefineTool;
import org.hybridchat.server.tools.ForgetTool;
import org.hybridchat.server.tools.HistoryTool;
import org.hybridchat.server.tools.ServerLoadTool;
import org.hybridchat.server.tools.ToolArguments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ToolCallGrammarTest {
    private static final Map<String, ToolArguments> TOOLS = Map.of(DefineTool.NAME, DefineTool.ARGUMENTS,
            CalculateTool.NAME, CalculateTool.ARGUMENTS, ForgetTool.NAME, ForgetTool.ARGUMENTS,
            ServerLoadTool.NAME, ServerLoadTool.ARGUMENTS, HistoryTool.NAME, HistoryTool.ARGUMENTS);
    /** Not a tool the server has: the grammar reads any schema of this shape, not only strings. */
    private static final String TYPED = "{\"type\":\"object\",\"properties\":{\"count\":{\"type\":\"integer\"},"
            + "\"ratio\":{\"type\":\"number\"},\"exact\":{\"type\":\"boolean\"},\"note\":{\"type\":\"string\","
            + "\"maxLength\":5},\"hex\":{\"type\":\"string\",\"pattern\":\"^[0-9a-f]+$\"},\"unit\":{\"type\":\"string\","
            + "\"enum\":[\"kb\",\"mb\"]}},\"required\":[\"count\",\"unit\"],\"additionalProperties\":false}";

    /** The user's message the calls answer: quoted values (a term, an expression) are pieces of it. */
    private static final String MESSAGE = "what is a compiler? and the \"C\" language, a café, 2^64 - 1, "
            + "x".repeat(200) + ", and   blanks";

    private static BpeTokenizer shipped;
    private static ToolCallGrammar grammar;

    @BeforeAll
    static void readTheShippedTokenizer() throws IOException {
        try (InputStream in = ToolCallGrammarTest.class.getResourceAsStream("/model/tokenizer.bin")) {
            shipped = BpeTokenizer.read(in.readAllBytes());
        }
        Map<String, String> schemas = new LinkedHashMap<>();
        TOOLS.forEach((name, arguments) -> schemas.put(name, arguments.jsonSchema()));
        schemas.put("typed", TYPED);
        grammar = ToolCallGrammar.of(schemas, shipped).quoting(MESSAGE);
    }

    @Test
    void a_valid_call_is_allowed_token_by_token_and_may_end_only_when_it_is_whole() {
        ToolCallGrammar.Call call = grammar.start();
        int[] tokens = shipped.encode("define {\"term\":\"compiler\"}");

        for (int token : tokens) {
            assertThat(allowed(call)).contains(token).doesNotContain(BpeTokenizer.END_OF_TURN);
            call.accept(token);
        }

        assertThat(call.complete()).isTrue();
        assertThat(allowed(call)).containsExactly(BpeTokenizer.END_OF_TURN);
    }

    @Test
    void only_the_registry_s_tool_names_can_be_written() {
        assertThat(accepts("defines {")).isFalse();
        assertThat(accepts("delete {")).isFalse();
        assertThat(accepts("server_load {}")).isTrue();
        assertThat(accepts("calculate {")).isTrue();
    }

    @Test
    void arguments_keep_to_the_schema_keys_types_closed_strings_and_lengths() {
        assertThat(accepts("define {\"word\":")).as("an undeclared key").isFalse();
        assertThat(accepts("define {}")).as("a required key missing").isFalse();
        assertThat(accepts("define {\"term\":\"\"")).as("shorter than minLength 1").isFalse();
        assertThat(accepts("define {\"term\":\"   \"")).as("blank").isFalse();
        assertThat(accepts("define {\"term\":\"" + "x".repeat(200) + "\"}")).isTrue();
        assertThat(accepts("typed {\"count\":1,\"unit\":\"kb\",\"note\":\"abcde\"}")).isTrue();
        assertThat(accepts("typed {\"count\":1,\"unit\":\"kb\",\"note\":\"abcdef")).as("longer than maxLength 5").isFalse();
        assertThat(accepts("define {\"term\":\"the \\\"C\\\" language\"}")).as("JSON escapes").isTrue();
        assertThat(accepts("define {\"term\":\"café\"}")).as("UTF-8").isTrue();
        assertThat(accepts("define {\"term\":\"x\",")).as("no key left to add").isFalse();
        assertThat(accepts("forget {\"scope\":\"conversation\"}")).isTrue();
        assertThat(accepts("forget {\"scope\":\"everything\"")).as("not one of the enum's values").isFalse();
        assertThat(accepts("typed {\"unit\":\"mb\",\"count\":-12,\"ratio\":0.5,\"exact\":true}")).isTrue();
        assertThat(accepts("typed {\"count\":1.5")).as("an integer has no fraction").isFalse();
        assertThat(accepts("typed {\"count\":\"1\"")).as("an integer is not a string").isFalse();
        assertThat(accepts("typed {\"exact\":yes")).isFalse();
        assertThat(accepts("typed {\"count\":3}")).as("unit is required").isFalse();
    }

    @Test
    void a_quoted_argument_is_a_piece_of_the_user_s_message_and_the_model_picks_which() {
        assertThat(accepts("define {\"term\":\"compiler\"}")).isTrue();
        assertThat(accepts("define {\"term\":\"a compiler\"}")).as("where the quote begins is the model's").isTrue();
        assertThat(accepts("define {\"term\":\"compil\"}")).as("a quote ends where a word ends").isFalse();
        assertThat(accepts("define {\"term\":\"hat")).as("and begins where one begins").isFalse();
        assertThat(accepts("define {\"term\":\"kernel")).as("not in the message").isFalse();
        assertThat(accepts("calculate {\"expression\":\"2^64 - 1\"}")).isTrue();
        assertThat(accepts("calculate {\"expression\":\"2^64 - 2")).isFalse();
        assertThat(accepts("define {\"term\":\"compiler?\"")).as("the asking's punctuation is not the term's").isFalse();
        assertThat(accepts("calculate {\"expression\":\"2^64 - 1,\"")).isFalse();
        ToolCallGrammar doubled = ToolCallGrammar.of(Map.of("define", DefineTool.ARGUMENTS.jsonSchema()), shipped)
                .quoting("what is foo??");
        assertThat(accepts(doubled, "define {\"term\":\"foo??\"")).as("nor a run of it").isFalse();
        assertThat(accepts(doubled, "define {\"term\":\"foo\"}")).isTrue();
    }

    @Test
    void a_pattern_keeps_a_value_to_its_characters_and_a_quote_to_the_piece_made_of_them() {
        assertThat(accepts("typed {\"count\":1,\"unit\":\"kb\",\"hex\":\"c0ffee\"}")).isTrue();
        assertThat(accepts("typed {\"count\":1,\"unit\":\"kb\",\"hex\":\"co")).isFalse();
        ToolCallGrammar solve = ToolCallGrammar.of(Map.of("calculate", CalculateTool.ARGUMENTS.jsonSchema()), shipped)
                .quoting("solve 7^18 - 2 for me \u00d7 2");
        assertThat(accepts(solve, "calculate {\"expression\":\"s")).as("the verb is no arithmetic").isFalse();
        assertThat(accepts(solve, "calculate {\"expression\":\"7^18 - 2\"}")).isTrue();
        assertThat(accepts(solve, "calculate {\"expression\":\"7^18 - 2 f")).isFalse();
        assertThat(accepts(solve, "calculate {\"expression\":\"7^18 - 2 ")).as("no blank that could not end")
                .isFalse();
        ToolCallGrammar afterABreak = ToolCallGrammar.of(Map.of("calculate", CalculateTool.ARGUMENTS.jsonSchema()),
                shipped).quoting("2+2\n\t?");
        assertThat(accepts(afterABreak, "calculate {\"expression\":\"\\n")).as("a quote begins on no blank").isFalse();
        assertThat(accepts(afterABreak, "calculate {\"expression\":\"2+2\"}")).isTrue();
        assertThat(accepts(afterABreak, "calculate {\"expression\":\"2+2\\n")).as("nor ends on one").isFalse();
        assertThat(accepts(pattern("^[0-9]+$", 5), new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xB0}))
                .as("an overlong '0' is not UTF-8").isFalse();
        assertThat(accepts(pattern("^[a\u2028]+$", 1), new byte[] {(byte) 0xE2})).as("the one character that fits"
                + " must not leave the value blank").isFalse();
        assertThatThrownBy(() -> pattern("^[a]+[b]+$", 5)).hasMessageContaining("one character class");
        assertThatThrownBy(() -> pattern("^[a-z]|[0-9]+$", 5)).hasMessageContaining("one character class");
        assertThatThrownBy(() -> pattern("^[ \t]+$", 5)).hasMessageContaining("not blank");
    }

    @Test
    void a_word_after_a_line_break_can_be_quoted() {
        ToolCallGrammar twoLines = ToolCallGrammar.of(Map.of("define", DefineTool.ARGUMENTS.jsonSchema()), shipped)
                .quoting("what is\ncompiler\u00d7");
        assertThat(accepts(twoLines, "define {\"term\":\"compiler\"}")).isTrue();
        assertThat(accepts(twoLines, "define {\"term\":\"n")).as("not from inside the escape").isFalse();
    }

    /** A grammar of one tool, "odd", whose one argument "a" is a free string of the pattern's characters. */
    private static ToolCallGrammar pattern(String pattern, int maxLength) {
        StringBuilder quoted = new StringBuilder();
        Json.quote(pattern, quoted);
        return ToolCallGrammar.of(Map.of("odd", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\","
                + "\"maxLength\":" + maxLength + ",\"pattern\":" + quoted + "}},\"required\":[\"a\"],"
                + "\"additionalProperties\":false}"), shipped);
    }

    private static boolean accepts(ToolCallGrammar grammar, byte[] value) {
        byte[] prefix = "odd {\"a\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(prefix, prefix.length + value.length);
        System.arraycopy(value, 0, bytes, prefix.length, value.length);
        return acceptsBytes(grammar, bytes);
    }

    @Test
    void a_quote_that_may_be_one_of_some_values_instead_is_a_piece_of_the_message_or_exactly_one_of_them() {
        assertThat(accepts("history {\"query\":\"compiler\"}")).isTrue();
        assertThat(accepts("history {\"query\":\"*\"}")).as("all messages").isTrue();
        assertThat(accepts("history {\"query\":\"kernel")).as("not in the message").isFalse();
        assertThat(accepts("history {\"query\":\"**")).isFalse();
        assertThat(accepts("history {\"query\":\"* compiler")).isFalse();

        ToolCallGrammar blank = ToolCallGrammar.of(Map.of("history", HistoryTool.ARGUMENTS.jsonSchema()), shipped)
                .quoting(" \n ");
        assertThat(accepts(blank, "history {\"query\":\"*\"}")).as("offered with nothing to quote").isTrue();
        assertThatThrownBy(() -> ToolCallGrammar.of(Map.of("odd", "{\"type\":\"object\",\"properties\":{\"a\":"
                + "{\"type\":\"string\",\"anyOf\":[{\"enum\":[\"*\"]},{\"minLength\":3}]}},"
                + "\"additionalProperties\":false}"), shipped)).hasMessageContaining("anyOf must be");
    }

    @Test
    void a_tool_whose_required_quote_the_message_cannot_fill_is_not_offered() {
        ToolCallGrammar noDigits = ToolCallGrammar.of(Map.of("define", DefineTool.ARGUMENTS.jsonSchema(),
                "calculate", CalculateTool.ARGUMENTS.jsonSchema()), shipped).quoting("what is a daemon?");
        assertThat(accepts(noDigits, "calc")).isFalse();
        assertThat(accepts(noDigits, "define {\"term\":\"daemon\"}")).isTrue();

        ToolCallGrammar.Call call = ToolCallGrammar.of(Map.of("define", DefineTool.ARGUMENTS.jsonSchema()), shipped)
                .quoting(" \n ").start();
        assertThat(allowed(call)).as("nothing to call: the call may only end, unfinished")
                .containsExactly(BpeTokenizer.END_OF_TURN);
        assertThat(call.complete()).isFalse();
    }

    @Test
    void whatever_tokens_are_picked_among_the_allowed_ones_the_call_parses_and_fits_its_schema() {
        Random random = new Random(7);
        for (int walk = 0; walk < 300; walk++) {
            ToolCallGrammar.Call call = grammar.start();
            List<Integer> written = new ArrayList<>();
            int token;
            do {
                List<Integer> allowed = allowed(call);
                assertThat(allowed).as("a call can always go on or end: %s", decode(written)).isNotEmpty();
                // mostly short strings: prefer the end of the turn, a closing quote or brace when allowed
                token = allowed.contains(BpeTokenizer.END_OF_TURN) ? BpeTokenizer.END_OF_TURN
                        : preferClosing(allowed, random);
                if (token != BpeTokenizer.END_OF_TURN) {
                    call.accept(token);
                    written.add(token);
                }
            } while (token != BpeTokenizer.END_OF_TURN);
            String call1 = decode(written);
            String name = call1.substring(0, call1.indexOf(' '));
            String arguments = call1.substring(call1.indexOf(' ') + 1);
            if (name.equals("typed")) {
                assertThat(Json.parse(arguments)).isInstanceOf(Map.class);
            } else {
                assertThat(TOOLS.get(name).read(arguments)).as(call1).isNotNull();
            }
        }
    }

    private static String decode(List<Integer> tokens) {
        byte[] bytes = new byte[0];
        for (int t : tokens) {
            byte[] more = shipped.bytes(t);
            bytes = Arrays.copyOf(bytes, bytes.length + more.length);
            System.arraycopy(more, 0, bytes, bytes.length - more.length, more.length);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int preferClosing(List<Integer> allowed, Random random) {
        List<Integer> closing = allowed.stream().filter(t -> {
            String text = new String(shipped.bytes(t), StandardCharsets.UTF_8);
            return text.startsWith("\"") || text.startsWith("}") || text.startsWith(",");
        }).toList();
        List<Integer> from = !closing.isEmpty() && random.nextInt(3) > 0 ? closing : allowed;
        return from.get(random.nextInt(from.size()));
    }

    private static boolean accepts(String prefix) {
        return accepts(grammar, prefix);
    }

    private static boolean accepts(ToolCallGrammar grammar, String prefix) {
        return acceptsBytes(grammar, prefix.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean acceptsBytes(ToolCallGrammar grammar, byte[] prefix) {
        ToolCallGrammar.Call call = grammar.start();
        for (byte b : prefix) {
            int token = b & 0xFF; // every byte is a token
            if (!allowed(call).contains(token)) {
                return false;
            }
            call.accept(token);
        }
        return true;
    }

    private static List<Integer> allowed(ToolCallGrammar.Call call) {
        float[] logits = new float[shipped.vocabSize()];
        call.mask(logits, 0);
        List<Integer> allowed = new ArrayList<>();
        for (int t = 0; t < logits.length; t++) {
            if (logits[t] != Float.NEGATIVE_INFINITY) {
                allowed.add(t);
            }
        }
        return allowed;
    }
}
