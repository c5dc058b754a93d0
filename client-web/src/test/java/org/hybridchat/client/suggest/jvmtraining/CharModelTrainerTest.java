package org.hybridchat.client.suggest.jvmtraining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hybridchat.client.suggest.CharModel;
import org.hybridchat.client.suggest.Suggester;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A few hundred steps of real DJL training on a tiny text, small enough for a unit test. */
class CharModelTrainerTest {

    private static final String TEXT = "a daemon is a program that runs in the background. "
            + "the kernel starts a daemon at boot. a compiler is a program that translates source code. ";

    private static final CharModelTrainer.Options OPTIONS = new CharModelTrainer.Options(Path.of("unused"), 42, 300,
            64, new CharModel.Shape(8, 8, 64, CharModelTrainer.ALPHABET), 1e-2f);

    private static TrainingText text;
    private static List<String> log = new ArrayList<>();
    private static byte[] file;

    @BeforeAll
    static void train() {
        byte[] ids = TrainingText.ids(TEXT.repeat(40), CharModelTrainer.ALPHABET);
        text = new TrainingText(ids, ids);
        file = CharModelTrainer.train(text, OPTIONS, log::add);
    }

    @Test
    void the_trained_model_completes_the_words_of_its_text() {
        Suggester suggester = new Suggester(CharModel.read(file));

        assertEquals("emon", suggester.suggest("the kernel starts a da").text());
        assertEquals("ackground", suggester.suggest("a daemon is a program that runs in the b").text());
    }

    @Test
    void the_loss_falls_well_below_that_of_guessing() {
        double guessing = Math.log(CharModelTrainer.ALPHABET.size());
        double loss = Evaluation.loss(CharModel.read(file), text.validation(), 2000, 1);

        assertTrue(loss < guessing / 4, "loss " + loss + " nats, guessing " + guessing);
        assertTrue(log.get(log.size() - 1).startsWith("step   300/300"), log.toString());
    }

    @Test
    void the_same_seed_trains_the_same_file() {
        CharModelTrainer.Options brief = new CharModelTrainer.Options(Path.of("unused"), 7, 20, 64,
                OPTIONS.shape(), 1e-2f);

        assertArrayEquals(CharModelTrainer.train(text, brief, line -> { }), CharModelTrainer.train(text, brief, line -> { }));
    }
}
