package org.hybridchat.server.network;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Role;

/**
 * How a conversation looks to the model. Every part is a marker, text tokens, {@code END_OF_TURN}:
 * <pre>
 * BEGIN_TOOLS     define {"term":string} ... (one line per tool)      END_OF_TURN
 * BEGIN_USER      what is a compiler?                                 END_OF_TURN
 * BEGIN_ASSISTANT BEGIN_CALL define {"term":"compiler"}               END_OF_TURN   (written by the model)
 * BEGIN_RESULT    FOLDOC, compiler: A program that converts ...       END_OF_TURN   (written by the server)
 * BEGIN_ASSISTANT From FOLDOC: A program that converts ...            END_OF_TURN   (written by the model)
 * </pre>
 * A prompt for a reply ends with {@code BEGIN_ASSISTANT}; the model then either writes its answer
 * or {@code BEGIN_CALL} and a call, which the server runs and answers with the result and a new
 * {@code BEGIN_ASSISTANT}. Earlier turns show only the user's messages and the replies, not the
 * calls behind them. Training text uses the same rendering.
 */
public final class ChatPrompt {
    /** A marker, at least one token of text and the end of the turn. */
    private static final int SHORTEST_CUT_TURN = 3;

    private ChatPrompt() {
    }

    /** The tool list, one line per tool, as the model is shown it before the conversation. */
    public static int[] toolList(BpeTokenizer tokenizer, String lines) {
        return part(BpeTokenizer.BEGIN_TOOLS, tokenizer.encode(lines));
    }

    /**
     * What follows a reply's {@code BEGIN_ASSISTANT} when the model called a tool: the call, the
     * result, and the {@code BEGIN_ASSISTANT} of the answer written from it.
     */
    public static int[] toolExchange(BpeTokenizer tokenizer, String call, String result) {
        return IntStream.concat(IntStream.concat(IntStream.of(part(BpeTokenizer.BEGIN_CALL, tokenizer.encode(call))),
                        IntStream.of(part(BpeTokenizer.BEGIN_RESULT, tokenizer.encode(result)))),
                IntStream.of(BpeTokenizer.BEGIN_ASSISTANT)).toArray();
    }

    /**
     * The prompt for the assistant's next turn, at most {@code maxTokens} long: the tool list
     * ({@code tools}, always kept), the most recent turns that fit, whole, and before them the end of
     * the turn that did not fit; then {@code BEGIN_ASSISTANT} and {@code begun}, the tokens of a reply
     * begun elsewhere or of a {@link #toolExchange}, which the model reads as its own.
     */
    public static int[] forReply(BpeTokenizer tokenizer, int[] tools, List<ChatMessage> conversation, int[] begun,
                          int maxTokens) {
        Deque<int[]> kept = new ArrayDeque<>();
        int room = maxTokens - tools.length - 1 - begun.length; // for the closing BEGIN_ASSISTANT and the reply so far
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
        IntStream prompt = IntStream.concat(IntStream.of(tools), kept.stream().flatMapToInt(IntStream::of));
        return IntStream.concat(IntStream.concat(prompt, IntStream.of(BpeTokenizer.BEGIN_ASSISTANT)),
                IntStream.of(begun)).toArray();
    }

    private static int[] turn(BpeTokenizer tokenizer, ChatMessage message) {
        return part(message.role() == Role.USER ? BpeTokenizer.BEGIN_USER : BpeTokenizer.BEGIN_ASSISTANT,
                tokenizer.encode(message.content()));
    }

    private static int[] part(int marker, int[] text) {
        int[] part = new int[text.length + 2];
        part[0] = marker;
        System.arraycopy(text, 0, part, 1, text.length);
        part[part.length - 1] = BpeTokenizer.END_OF_TURN;
        return part;
    }

    /** The turn's marker and its last {@code length - 1} tokens: the start of its text is cut. */
    private static int[] keepEnd(int[] turn, int length) {
        int[] cut = Arrays.copyOfRange(turn, turn.length - length, turn.length);
        cut[0] = turn[0];
        return cut;
    }
}
