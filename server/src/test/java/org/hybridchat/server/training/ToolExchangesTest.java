package org.hybridchat.server.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.knowledge.Entry;
import org.hybridchat.server.knowledge.KnowledgeIndex;
import org.hybridchat.server.knowledge.ShippedDictionaries;
import org.hybridchat.server.network.BpeTokenizer;
import org.hybridchat.server.network.ChatPrompt;
import org.hybridchat.server.planning.GroundedAnswer;
import org.hybridchat.server.planning.ToolPrompt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ToolExchangesTest {
    private static List<Entry> entries;
    private static KnowledgeIndex index;
    private static List<ToolExchanges.Exchange> training;
    private static List<ToolExchanges.Exchange> heldOut;

    @BeforeAll
    static void makeBothSides() {
        entries = ShippedDictionaries.entries();
        index = ShippedDictionaries.index();
        // a slice of the dictionaries keeps this quick; the split is by headword either way
        List<Entry> some = entries.subList(0, 3_000);
        training = ToolExchanges.training(index, some, 1);
        heldOut = ToolExchanges.heldOut(index, entries, 2, 100);
    }

    @Test
    void the_model_is_trained_on_the_tools_it_ships_with() throws IOException {
        try (InputStream in = ToolExchangesTest.class.getResourceAsStream("/model/tools.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(ToolPrompt.toolList(ToolExchanges.TOOLS));
        }
    }

    @Test
    void every_tool_is_called_in_training_and_small_talk_is_answered_without_one() {
        Set<String> called = training.stream().filter(e -> e.call() != null).map(e -> e.call().tool())
                .collect(Collectors.toSet());

        assertThat(called).isEqualTo(ToolExchanges.TOOLS.keySet());
        assertThat(training).anyMatch(e -> e.kind() == ToolExchanges.Kind.CHAT && e.call() == null);
    }

    @Test
    void held_out_headwords_made_up_terms_and_phrasings_are_never_trained_on() {
        Set<String> trainedQuestions = training.stream().map(ToolExchanges.Exchange::question).collect(Collectors.toSet());
        Set<String> trainedNames = entries.stream().filter(e -> !ToolExchanges.isHeldOut(e.headword()))
                .flatMap(e -> e.headwords().stream()).map(String::toLowerCase).collect(Collectors.toSet());

        assertThat(heldOut).noneMatch(e -> trainedQuestions.contains(e.question()));
        assertThat(heldOut).filteredOn(e -> e.kind() == ToolExchanges.Kind.DEFINE).isNotEmpty()
                .noneMatch(e -> trainedNames.contains(e.call().arguments().get("term").toLowerCase()));
        assertThat(heldOut).filteredOn(e -> e.kind() == ToolExchanges.Kind.MADE_UP).isNotEmpty()
                .allMatch(e -> ToolExchanges.isHeldOut(e.call().arguments().get("term")));
    }

    @Test
    void a_slip_or_an_alias_never_shows_a_held_out_entry_on_the_trained_side() {
        assertThat(training).noneMatch(e -> e.result() instanceof ToolResult.Definition d
                && ToolExchanges.isHeldOut(d.headword()));
    }

    @Test
    void some_trained_made_up_terms_are_phrases_with_a_real_word_in_them() {
        assertThat(training).filteredOn(e -> e.kind() == ToolExchanges.Kind.MADE_UP)
                .anyMatch(e -> e.call().arguments().get("term").contains(" "))
                .allMatch(e -> e.result() instanceof ToolResult.NoEntry);
    }

    @Test
    void each_answer_is_the_grounded_answer_of_the_tool_s_real_result() {
        assertThat(heldOut).filteredOn(e -> e.result() != null)
                .allMatch(e -> e.answer().equals(GroundedAnswer.of(e.result())));
        assertThat(heldOut).filteredOn(e -> e.kind() == ToolExchanges.Kind.MADE_UP)
                .isNotEmpty().allMatch(e -> e.result() instanceof ToolResult.NoEntry);
        assertThat(heldOut).filteredOn(e -> e.kind() == ToolExchanges.Kind.DEFINE)
                .allMatch(e -> e.result() instanceof ToolResult.Definition);
    }

    @Test
    void the_model_learns_to_write_the_call_and_the_answer_and_only_them() {
        BpeTokenizer bytes = TinyModels.BYTES;
        ToolExchanges.Exchange exchange = heldOut.stream().filter(e -> e.kind() == ToolExchanges.Kind.CALCULATE)
                .filter(e -> e.answer().chars().allMatch(c -> c < 128)).findFirst().orElseThrow();
        int[] tools = ChatPrompt.toolList(bytes, ToolPrompt.toolList(ToolExchanges.TOOLS));

        ToolExchanges.Tokens tokens = exchange.tokens(bytes, tools);

        String written = IntStream.range(0, tokens.tokens().length).filter(i -> tokens.trained()[i])
                .mapToObj(i -> tokens.tokens()[i] < 256 ? Character.toString(tokens.tokens()[i]) : "|")
                .collect(Collectors.joining());
        String call = ToolPrompt.call(exchange.call(), ToolExchanges.TOOLS.get("calculate"));
        assertThat(written).isEqualTo("|" + call + "|" + exchange.answer() + "|");
    }
}
