package org.hybridchat.server.training;

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
    public static final int[] SLICE = IntStream.range(0, 20).mapToObj(i -> ChatPrompt.turns(BYTES, List.of(
                    ChatMessage.user("what is a daemon?"),
                    ChatMessage.assistant("A program that waits in the background for work to do."),
                    ChatMessage.user("define kernel"),
                    ChatMessage.assistant("The core of an operating system."))))
            .flatMapToInt(IntStream::of).toArray();

    private TinyModels() {
    }

    /** A tiny model initialised and trained on {@link #SLICE} from one seed, for {@code steps} steps of 8 windows. */
    public static Gpt trained(NDManager manager, long seed, int steps) {
        Gpt gpt = Gpt.initialize(CONFIG, manager, seed);
        Trainer trainer = new Trainer(gpt, manager);
        for (int step = 0; step < steps; step++) {
            trainer.step(Trainer.sampleWindows(SLICE, 8, CONFIG.contextLength(), Rng.forStep(seed, step)), 3e-3f);
        }
        return gpt;
    }
}
