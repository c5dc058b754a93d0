package org.hybridchat.contract;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which messages the server refuses before it starts a run, whatever JSON carried them. */
class ChatRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " \n\t ", "\u0000", "\u0000\u0001\u001f\u007f", "\u0085\u00a0\u2028",
            "\u200b\u200c\u200d\ufeff", "\u3000\u2007", "\u180e\u2060", "\u115f\u3164", "\u2800"})
    void a_message_with_nothing_visible_is_refused(String message) {
        assertNotNull(ChatRequest.refusal(message, ChatRequest.MAX_MESSAGE_LENGTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "hi \udfff", "\udc00\ud800", "ok\ud83d"})
    void a_message_with_a_lone_surrogate_is_refused(String message) {
        assertNotNull(ChatRequest.refusal(message, ChatRequest.MAX_MESSAGE_LENGTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hi", " a ", "\u0000x", "\ud83d\ude00", "é", "日本", "\u200bx", "1"})
    void a_message_with_something_visible_is_accepted(String message) {
        assertNull(ChatRequest.refusal(message, ChatRequest.MAX_MESSAGE_LENGTH));
    }

    @org.junit.jupiter.api.Test
    void a_message_over_the_limit_is_refused_and_one_at_it_accepted() {
        assertNotNull(ChatRequest.refusal("a".repeat(11), 10));
        assertNull(ChatRequest.refusal("a".repeat(10), 10));
    }
}
