package org.hybridchat.server.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.hybridchat.server.network.Gpt;
import org.hybridchat.server.network.PyTorchManager;
import org.hybridchat.server.network.Rng;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final Gpt.Config TINY = TinyModels.CONFIG;

    @RegisterExtension
    final PyTorchManager pytorch = new PyTorchManager();
    private NDManager manager;

    @BeforeEach
    void useItsManager() {
        manager = pytorch.get();
    }

    @Test
    void a_tiny_model_trained_for_a_few_seconds_on_a_small_slice_lowers_its_loss() {
        Trainer trainer = new Trainer(Gpt.initialize(TINY, manager, 1), manager);
        Trainer.Batch heldFixed = TinyModels.windows(8, new Rng(99));
        float before = trainer.loss(heldFixed);

        for (int step = 0; step < 60; step++) {
            trainer.step(TinyModels.windows(8, Rng.forStep(1, step)), 3e-3f);
        }

        assertThat(before).as("uniform guessing over 262 tokens").isBetween(5.2f, 5.9f);
        assertThat(trainer.loss(heldFixed)).isLessThan(before - 2f);
    }

    @Test
    void a_step_whose_gradients_are_not_finite_changes_nothing_and_training_goes_on() {
        Gpt model = Gpt.initialize(TINY, manager, 3);
        Trainer trainer = new Trainer(model, manager);
        Trainer.Batch batch = TinyModels.windows(8, new Rng(7));
        float before = trainer.loss(batch);
        // nothing counted: the loss is 0/0, NaN, and so is every gradient
        Trainer.Batch nothingCounted = new Trainer.Batch(batch.tokens(), new float[batch.counted().length][batch.counted()[0].length]);

        assertThat(trainer.step(nothingCounted, 3e-3f)).isNaN();
        assertThat(trainer.skipped()).isEqualTo(1);
        assertThat(trainer.loss(batch)).isEqualTo(before);
        for (int step = 0; step < 5; step++) {
            trainer.step(batch, 3e-3f);
        }
        assertThat(trainer.loss(batch)).isFinite().isLessThan(before);
    }

    @Test
    void a_run_resumed_from_its_checkpoint_ends_with_the_same_weights_as_an_uninterrupted_run(
            @TempDir Path folder) throws IOException {
        Gpt uninterruptedModel = Gpt.initialize(TINY, manager, 5);
        train(new Trainer(uninterruptedModel, manager), 0, 6);

        Trainer firstHalf = new Trainer(Gpt.initialize(TINY, manager, 5), manager);
        train(firstHalf, 0, 3);
        firstHalf.checkpoint(folder);
        Gpt resumedModel = Gpt.initialize(TINY, manager, 123);
        Trainer resumed = new Trainer(resumedModel, manager);
        resumed.resume(folder);
        train(resumed, resumed.steps(), 6);

        assertThat(resumed.steps()).isEqualTo(6);
        List<NDArray> expected = uninterruptedModel.parameters();
        for (int i = 0; i < expected.size(); i++) {
            assertThat(resumedModel.parameters().get(i).toFloatArray()).containsExactly(expected.get(i).toFloatArray());
        }
    }

    private static void train(Trainer trainer, int from, int to) {
        for (int step = from; step < to; step++) {
            trainer.step(TinyModels.windows(4, Rng.forStep(5, step)), 1e-2f);
        }
    }
}
