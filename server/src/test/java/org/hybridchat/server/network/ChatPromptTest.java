package org.hybridchat.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hybridchat.server.network.BpeTokenizer.BEGIN_ASSISTANT;
import static org.hybridchat.server.network.BpeTokenizer.BEGIN_CALL;
import static org.hybridchat.server.network.BpeTokenizer.BEGIN_RESULT;
import static org.hybridchat.server.network.BpeTokenizer.BEGIN_TOOLS;
import static org.hybridchat.server.network.BpeTokenizer.BEGIN_USER;
import static org.hybridchat.server.network.BpeTokenizer.END_OF_TURN;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.hybridchat.contract.ChatMessage;
import org.junit.jupiter.api.Test;

class ChatPromptTest {
    /** Byte tokens keep the expected prompts readable; merges do not change how turns are framed. */
    private static final BpeTokenizer TOKENIZER = BpeTokenizerTest.BYTES;
    private static final int[] NO_TOOLS = {};

    @Test
    void a_prompt_is_the_turns_between_markers_ending_with_the_assistant_marker() {
        List<ChatMessage> conversation = List.of(
                ChatMessage.user("hi"), ChatMessage.assistant("yo"), ChatMessage.user("ok?"));

        assertThat(ChatPrompt.forReply(TOKENIZER, NO_TOOLS, conversation, new int[0], 100)).containsExactly(
                BEGIN_USER, 'h', 'i', END_OF_TURN,
                BEGIN_ASSISTANT, 'y', 'o', END_OF_TURN,
                BEGIN_USER, 'o', 'k', '?', END_OF_TURN,
                BEGIN_ASSISTANT);
    }

    @Test
    void the_tool_list_comes_first_and_a_tool_exchange_follows_the_reply_marker() {
        int[] tools = ChatPrompt.toolList(TOKENIZER, "t {}");
        int[] exchange = ChatPrompt.toolExchange(TOKENIZER, "t {}", "ok");

        assertThat(ChatPrompt.forReply(TOKENIZER, tools, List.of(ChatMessage.user("hi")), exchange, 100)).containsExactly(
                BEGIN_TOOLS, 't', ' ', '{', '}', END_OF_TURN,
                BEGIN_USER, 'h', 'i', END_OF_TURN,
                BEGIN_ASSISTANT, BEGIN_CALL, 't', ' ', '{', '}', END_OF_TURN,
                BEGIN_RESULT, 'o', 'k', END_OF_TURN,
                BEGIN_ASSISTANT);
    }

    @Test
    void the_tool_list_is_kept_however_long_the_conversation() {
        int[] tools = ChatPrompt.toolList(TOKENIZER, "define {}");
        List<ChatMessage> conversation = List.of(ChatMessage.user("x".repeat(500)), ChatMessage.user("ok?"));

        int[] prompt = ChatPrompt.forReply(TOKENIZER, tools, conversation, new int[0], 32);

        assertThat(prompt).hasSize(32).startsWith(tools);
        assertThat(Arrays.copyOfRange(prompt, prompt.length - 6, prompt.length))
                .containsExactly(BEGIN_USER, 'o', 'k', '?', END_OF_TURN, BEGIN_ASSISTANT);
    }

    @Test
    void a_long_conversation_is_cut_to_the_budget_keeping_the_latest_user_message() {
        List<ChatMessage> conversation = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            conversation.add(ChatMessage.user("question number " + i));
            conversation.add(ChatMessage.assistant("a fairly long answer to question number " + i));
        }
        conversation.add(ChatMessage.user("and the last one?"));

        int[] prompt = ChatPrompt.forReply(TOKENIZER, NO_TOOLS, conversation, new int[0], 128);

        assertThat(prompt).hasSizeLessThanOrEqualTo(128);
        assertThat(TOKENIZER.decode(prompt)).endsWith(
                "a fairly long answer to question number 49and the last one?");
        assertThat(prompt[prompt.length - 1]).isEqualTo(BEGIN_ASSISTANT);
        assertThat(prompt[0]).as("even a cut turn starts with its marker").isIn(BEGIN_USER, BEGIN_ASSISTANT);
    }

    @Test
    void a_user_message_longer_than_the_budget_keeps_its_end() {
        String message = "x".repeat(500) + " the question is at the end";

        int[] prompt = ChatPrompt.forReply(TOKENIZER, NO_TOOLS, List.of(ChatMessage.user(message)), new int[0], 64);

        assertThat(prompt).hasSize(64);
        assertThat(prompt[0]).isEqualTo(BEGIN_USER);
        assertThat(TOKENIZER.decode(prompt)).endsWith("xx the question is at the end").hasSize(61);
        assertThat(IntStream.of(prompt).filter(t -> t == END_OF_TURN).count()).isOne();
    }

    @Test
    void a_reply_begun_elsewhere_follows_the_assistant_marker_and_takes_its_room_from_the_history() {
        List<ChatMessage> conversation = List.of(ChatMessage.user("x".repeat(100)), ChatMessage.user("ok?"));
        int[] begun = TOKENIZER.encode("It is");

        int[] prompt = ChatPrompt.forReply(TOKENIZER, NO_TOOLS, conversation, begun, 16);

        assertThat(prompt).containsExactly(
                BEGIN_USER, 'x', 'x', 'x', END_OF_TURN,
                BEGIN_USER, 'o', 'k', '?', END_OF_TURN,
                BEGIN_ASSISTANT, 'I', 't', ' ', 'i', 's');
    }

    @Test
    void an_empty_conversation_still_gives_a_prompt() {
        assertThat(ChatPrompt.forReply(TOKENIZER, NO_TOOLS, List.of(), new int[0], 64)).containsExactly(BEGIN_ASSISTANT);
    }
}
