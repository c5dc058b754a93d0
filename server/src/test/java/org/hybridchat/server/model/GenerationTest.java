package org.hybridchat.server.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.hybridchat.contract.ChatMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where a reply stops, on a tiny model trained for a second to answer in ASCII. */
class GenerationTest {
    private static final Gpt.Config TINY = TrainerTest.TINY;
    private static final int[] PROMPT = ChatPrompt.forReply(BpeTokenizerTest.BYTES, List.of(ChatMessage.user("what is a daemon?")), 32);

    private static NDManager manager;
    private static Gpt model;

    @BeforeAll
    static void trainTinyModel() {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        model = Gpt.initialize(TINY, manager, 21);
        Trainer trainer = new Trainer(model, manager);
        for (int step = 0; step < 150; step++) {
            trainer.step(Trainer.sampleWindows(TrainerTest.SLICE, 8, TINY.contextLength(), Rng.forStep(21, step)), 3e-3f);
        }
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    @Test
    void a_reply_stops_at_its_maximum_length() {
        assertThat(reply(6)).hasSize(6);
    }

    @Test
    void a_reply_stops_at_the_end_of_the_context_without_failing() {
        // the token sampled at the last position is shown, though it can no longer be read back
        int room = TINY.contextLength() - PROMPT.length + 1;

        assertThat(reply(100)).hasSize(room);
    }

    private static String reply(int maxTokens) {
        StringBuilder reply = new StringBuilder();
        try (Generation generation = new Generation(model, manager, BpeTokenizerTest.BYTES, PROMPT, new Sampler(1f, 1, 0), maxTokens)) {
            for (String piece = generation.next(); piece != null; piece = generation.next()) {
                reply.append(piece);
            }
        }
        assertThat(reply.chars()).as("one character per byte token").allMatch(c -> c < 128);
        return reply.toString();
    }
}
