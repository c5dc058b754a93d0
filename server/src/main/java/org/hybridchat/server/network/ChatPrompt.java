package org.hybridchat.server.network;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Role;

/**
 * How a conversation looks to the model. Every turn is {@code BEGIN_USER|BEGIN_ASSISTANT, text
 * tokens..., END_OF_TURN}; a prompt for a reply ends with {@code BEGIN_ASSISTANT}, and the reply is
 * done when the model writes {@code END_OF_TURN}. Training text uses the same rendering.
 */
public final class ChatPrompt {
    /** A marker, at least one token of text and the end of the turn. */
    private static final int SHORTEST_CUT_TURN = 3;

    private ChatPrompt() {
    }

    /** The turns as the model is trained on them, without a trailing reply marker. */
    public static int[] turns(BpeTokenizer tokenizer, List<ChatMessage> conversation) {
        return conversation.stream().map(message -> turn(tokenizer, message)).flatMapToInt(IntStream::of).toArray();
    }

    /**
     * The prompt for the assistant's next turn, at most {@code maxTokens} long: the most recent turns
     * that fit, whole, and before them the end of the turn that did not fit.
     */
    static int[] forReply(BpeTokenizer tokenizer, List<ChatMessage> conversation, int maxTokens) {
        return forReply(tokenizer, conversation, new int[0], maxTokens);
    }

    /**
     * The prompt that goes on with a reply begun elsewhere ({@code begun}, its tokens so far): as
     * {@link #forReply(BpeTokenizer, List, int)}, then the begun text after {@code BEGIN_ASSISTANT}, so
     * the model reads it as its own and writes the rest.
     */
    static int[] forReply(BpeTokenizer tokenizer, List<ChatMessage> conversation, int[] begun, int maxTokens) {
        Deque<int[]> kept = new ArrayDeque<>();
        int room = maxTokens - 1 - begun.length; // for the closing BEGIN_ASSISTANT and the reply so far
        for (int i = conversation.size() - 1; i >= 0 && room > 0; i--) {
            int[] turn = turn(tokenizer, conversation.get(i));
            if (turn.length <= room) {
                kept.addFirst(turn);
                room -= turn.length;
            } else {
                if (room >= SHORTEST_CUT_TURN) {
                    kept.addFirst(keepEnd(turn, room));
                }
                break;
            }
        }
        IntStream prompt = kept.stream().flatMapToInt(IntStream::of);
        return IntStream.concat(IntStream.concat(prompt, IntStream.of(BpeTokenizer.BEGIN_ASSISTANT)),
                IntStream.of(begun)).toArray();
    }

    private static int[] turn(BpeTokenizer tokenizer, ChatMessage message) {
        int marker = message.role() == Role.USER ? BpeTokenizer.BEGIN_USER : BpeTokenizer.BEGIN_ASSISTANT;
        int[] text = tokenizer.encode(message.content());
        int[] turn = new int[text.length + 2];
        turn[0] = marker;
        System.arraycopy(text, 0, turn, 1, text.length);
        turn[turn.length - 1] = BpeTokenizer.END_OF_TURN;
        return turn;
    }

    /** The turn's marker and its last {@code length - 1} tokens: the start of its text is cut. */
    private static int[] keepEnd(int[] turn, int length) {
        int[] cut = Arrays.copyOfRange(turn, turn.length - length, turn.length);
        cut[0] = turn[0];
        return cut;
    }
}
