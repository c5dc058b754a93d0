package org.hybridchat.server.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RulePlannerTest {
    private final RulePlanner planner = new RulePlanner();

    @ParameterizedTest(name = "{0} -> define {1}")
    @CsvSource(delimiter = '|', value = {
            "what is a compiler?|compiler", "What's the Jargon File?|Jargon File", "define kernel|kernel",
            "explain what RTFM means|RTFM", "what does RTFM stand for?|RTFM", "what does grep mean|grep",
            "tell me about daemons|daemons", "meaning of foo|foo", "definition of an interrupt|interrupt",
            "look up 'hacker'|hacker", "Explain recursion|recursion", "what is a compilr?|compilr",
            "who is Richard Stallman?|Richard Stallman", "what are daemons?|daemons",
            "  what   is   a   daemon  ?  |daemon", "do you know what a kludge is?|kludge"})
    void definition_questions_phrased_many_ways_name_the_term(String message, String term) {
        assertThat(plan(message)).contains(new PlannedCall("define", Map.of("term", term)));
    }

    @ParameterizedTest(name = "{0} -> calculate {1}")
    @CsvSource(delimiter = '|', value = {
            "what's 2^64 - 1?|2^64 - 1", "2+2|2+2", "calculate (3 + 4) * 5|(3 + 4) * 5", "how much is 12 × 7?|12 × 7",
            "what is 1/0?|1/0", "-5 * -5 =|-5 * -5", "compute 10 % 3|10 % 3"})
    void arithmetic_goes_to_the_calculator_with_the_expression_alone(String message, String expression) {
        assertThat(plan(message)).contains(new PlannedCall("calculate", Map.of("expression", expression)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"forget this conversation", "Forget this conversation.", "please delete our chat history",
            "clear the conversation", "wipe everything", "forget what I said"})
    void asking_to_forget_proposes_forget(String message) {
        assertThat(plan(message)).contains(new PlannedCall("forget", Map.of("scope", "conversation")));
    }

    @ParameterizedTest(name = "{0} -> history {1}")
    @CsvSource(delimiter = '|', value = {"what did I ask?|*", "What have I said so far?|*",
            "did I ask about daemons?|daemons", "did I mention the kernel before?|kernel",
            "search our conversation for grep|grep", "when did I ask about compilers?|compilers"})
    void questions_about_the_conversation_search_its_history(String message, String query) {
        assertThat(plan(message)).contains(new PlannedCall("history", Map.of("query", query)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server load", "what's the server load?", "how busy is the server?", "show the server status"})
    void the_admin_tool_is_proposed_whoever_asks_the_registry_decides(String message) {
        assertThat(plan(message)).contains(new PlannedCall("server_load", Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"search for garbage collection", "find entries about editors", "look for lisp machines"})
    void free_text_searches_go_to_search(String message) {
        assertThat(plan(message)).map(PlannedCall::tool).contains("search");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "Tell me a story about a dragon.", "how do I reverse a list in Java?", "thanks!",
            "remove all duplicates from a list", "delete the file", "what is", "42", "1.2.3", "version 2.0",
            "what is the best way to learn Java to get a job?", "what is it? I forgot", "explain why the sky is blue, please"})
    void anything_else_is_left_to_the_model(String message) {
        assertThat(plan(message)).isEmpty();
    }

    private Optional<PlannedCall> plan(String message) {
        return planner.plan(message);
    }
}
