package org.hybridchat.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hybridchat.server.training.TinyModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {
    private static final Gpt.Config TINY = TinyModels.CONFIG;

    @TempDir
    Path folder;
    @RegisterExtension
    final PyTorchManager pytorch = new PyTorchManager();
    private NDManager manager;

    @BeforeEach
    void useItsManager() {
        manager = pytorch.get();
    }

    @Test
    void half_precision_export_gives_the_same_next_token_logits_as_the_single_precision_model()
            throws IOException {
        Gpt trained = trainedBriefly();
        Path file = folder.resolve("half.bin");
        WeightsFile.write(file, TINY, trained.parameters(), WeightsFile.Precision.HALF);
        Gpt loaded = read(file).toModel(manager);

        float[] expected = nextTokenLogits(trained);
        float[] actual = nextTokenLogits(loaded);

        assertThat(Files.size(file)).isEqualTo(32 + 2 * TINY.parameterCount());
        float spread = max(expected) - min(expected);
        assertThat(spread).as("logits a trained model is sure about").isGreaterThan(3f);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], offset(0.02f * spread));
        }
        assertThat(argmax(actual)).isEqualTo(argmax(expected));
    }

    @Test
    void single_precision_round_trips_exactly() throws IOException {
        Gpt model = Gpt.initialize(TINY, manager, 3);
        Path file = folder.resolve("single.bin");
        WeightsFile.write(file, TINY, model.parameters(), WeightsFile.Precision.SINGLE);

        WeightsFile.Contents contents = read(file);

        assertThat(contents.config()).isEqualTo(TINY);
        for (int i = 0; i < model.parameters().size(); i++) {
            assertThat(contents.tensors().get(i)).containsExactly(model.parameters().get(i).toFloatArray());
        }
    }

    @Test
    void a_truncated_foreign_or_nonsensical_file_is_rejected_with_a_clear_message() throws IOException {
        Path file = folder.resolve("half.bin");
        WeightsFile.write(file, TINY, Gpt.initialize(TINY, manager, 3).parameters(), WeightsFile.Precision.HALF);
        byte[] bytes = Files.readAllBytes(file);

        assertThatThrownBy(() -> WeightsFile.read(Arrays.copyOf(bytes, bytes.length - 2)))
                .isInstanceOf(IOException.class).hasMessageContaining("needs " + bytes.length);
        assertThatThrownBy(() -> WeightsFile.read("GIF89a".getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("not a weights file");
        byte[] zeroHeads = bytes.clone();
        Arrays.fill(zeroHeads, 24, 28, (byte) 0);
        assertThatThrownBy(() -> WeightsFile.read(zeroHeads))
                .isInstanceOf(IOException.class).hasMessageContaining("not a valid GPT configuration");
    }

    private Gpt trainedBriefly() {
        return TinyModels.trained(manager, 11, 40);
    }

    private float[] nextTokenLogits(Gpt model) {
        int[] prompt = Arrays.copyOf(TinyModels.SLICE, 20);
        NDArray tokens = manager.create(Arrays.stream(prompt).asLongStream().toArray(), new Shape(1, prompt.length));
        return model.forward(tokens).get(0, prompt.length - 1).toFloatArray();
    }

    private static WeightsFile.Contents read(Path file) throws IOException {
        return WeightsFile.read(Files.readAllBytes(file));
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static float max(float[] values) {
        return values[argmax(values)];
    }

    private static float min(float[] values) {
        float min = values[0];
        for (float value : values) {
            min = Math.min(min, value);
        }
        return min;
    }
}
