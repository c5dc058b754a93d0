package org.hybridchat.server.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.server.network.BpeTokenizer;
import org.hybridchat.server.network.ChatPrompt;
import org.hybridchat.server.network.Gpt;
import org.hybridchat.server.network.Rng;

/** A tiny GPT over bytes and the chat text it learns in about a second: the model tests train their own. */
public final class TinyModels {
    /** No merges: every byte is a token, so the tests need no corpus. */
    public static final BpeTokenizer BYTES = BpeTraining.learn(List.of(), 0);
    public static final Gpt.Config CONFIG = new Gpt.Config(BYTES.vocabSize(), 32, 2, 2, 32);

    /** A small slice of chat turns, repeated: enough to learn from in seconds. */
    public static final int[] SLICE = IntStream.range(0, 20).flatMap(i -> IntStream.of(twoExchanges())).toArray();

    private TinyModels() {
    }

    /** Two exchanges as the model reads them: the conversation, then the reply it writes and the end of its turn. */
    private static int[] twoExchanges() {
        int[] prompt = ChatPrompt.forReply(BYTES, new int[0], List.of(ChatMessage.user("what is a daemon?"),
                ChatMessage.assistant("A program that waits in the background for work to do."),
                ChatMessage.user("define kernel")), new int[0], Integer.MAX_VALUE);
        int[] reply = BYTES.encode("The core of an operating system.");
        return IntStream.concat(IntStream.concat(IntStream.of(prompt), IntStream.of(reply)),
                IntStream.of(BpeTokenizer.END_OF_TURN)).toArray();
    }

    /** A tiny model initialised and trained on {@link #SLICE} from one seed, for {@code steps} steps of 8 windows. */
    public static Gpt trained(NDManager manager, long seed, int steps) {
        Gpt gpt = Gpt.initialize(CONFIG, manager, seed);
        Trainer trainer = new Trainer(gpt, manager);
        for (int step = 0; step < steps; step++) {
            trainer.step(windows(8, Rng.forStep(seed, step)), 3e-3f);
        }
        return gpt;
    }

    /** {@code count} random windows of the slice, a context long, every token counted in the loss. */
    static Trainer.Batch windows(int count, Rng rng) {
        List<ToolExchanges.Tokens> windows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int start = rng.nextInt(SLICE.length - CONFIG.contextLength());
            boolean[] counted = new boolean[CONFIG.contextLength() + 1];
            Arrays.fill(counted, true);
            windows.add(new ToolExchanges.Tokens(Arrays.copyOfRange(SLICE, start, start + CONFIG.contextLength() + 1),
                    counted));
        }
        return Trainer.Batch.of(windows);
    }
}
