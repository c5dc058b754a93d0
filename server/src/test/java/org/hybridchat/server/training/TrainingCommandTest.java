package org.hybridchat.server.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

import org.hybridchat.server.network.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCommandTest {

    @Test
    void the_learning_rate_warms_up_holds_its_peak_and_decays_to_a_tenth_over_the_last_steps() {
        TrainingCommand.Options options = TrainingCommand.Options.parse(new String[] {"--steps", "1000", "--warmup", "100", "--decay", "200", "--lr", "1e-3"});

        assertThat(TrainingCommand.learningRate(options, 0)).isCloseTo(1e-5f, within(1e-11f));
        assertThat(TrainingCommand.learningRate(options, 99)).isEqualTo(1e-3f);
        assertThat(TrainingCommand.learningRate(options, 799)).isEqualTo(1e-3f);
        assertThat(TrainingCommand.learningRate(options, 900)).isCloseTo(0.55e-3f, within(1e-9f));
        assertThat(TrainingCommand.learningRate(options, 1000)).isCloseTo(1e-4f, within(1e-9f));
    }

    @Test
    void a_run_shortened_before_its_decay_began_has_had_the_same_rates_as_one_planned_that_short() {
        TrainingCommand.Options planned = TrainingCommand.Options.parse(new String[] {"--steps", "3000", "--decay", "600"});
        TrainingCommand.Options shortened = TrainingCommand.Options.parse(new String[] {"--steps", "2000", "--decay", "600"});

        assertThat(IntStream.range(0, 1400)).allMatch(step ->
                TrainingCommand.learningRate(planned, step) == TrainingCommand.learningRate(shortened, step));
        assertThat(TrainingCommand.learningRate(shortened, 1999)).isLessThan(TrainingCommand.learningRate(planned, 1999));
    }

    @Test
    void a_batch_is_drawn_from_exchanges_of_about_the_same_length_so_it_pads_little() {
        // exchange i is i + 2 tokens long, every one written: a row's counted predictions give its length back
        List<ToolExchanges.Tokens> byLength = IntStream.range(0, 10_000).mapToObj(i -> {
            boolean[] trained = new boolean[i + 2];
            Arrays.fill(trained, true);
            return new ToolExchanges.Tokens(new int[i + 2], trained);
        }).toList();

        for (int step = 0; step < 100; step++) {
            Trainer.Batch batch = TrainingCommand.sample(byLength, 16, Rng.forStep(1, step));
            double shortest = Arrays.stream(batch.counted()).mapToDouble(row -> sum(row) + 1).min().orElseThrow();
            assertThat(batch.tokens()[0].length - shortest).isLessThan(TrainingCommand.NEIGHBOURS);
        }
    }

    private static double sum(float[] row) {
        double sum = 0;
        for (float f : row) {
            sum += f;
        }
        return sum;
    }

    @Test
    void unknown_options_are_refused_with_the_known_ones_listed() {
        assertThatThrownBy(() -> TrainingCommand.Options.parse(new String[] {"--stepz", "10"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stepz").hasMessageContaining("steps");
    }

    @Test
    void the_bigram_baseline_knows_a_pattern_it_has_counted_and_is_uniform_without_counts() {
        List<ToolExchanges.Tokens> alternating = List.of(written(IntStream.range(0, 1_000).map(i -> i % 2).toArray()));

        assertThat(new Bigram(alternating, 10, 0.01f).loss(alternating)).isLessThan(0.01);
        assertThat(new Bigram(List.of(), 10, 0.1f).loss(alternating)).isCloseTo(Math.log(10), within(1e-6));
    }

    @Test
    void the_bigram_baseline_counts_only_the_tokens_the_model_writes() {
        int[] tokens = IntStream.range(0, 1_000).map(i -> i % 2).toArray();
        boolean[] onlyOnes = new boolean[tokens.length];
        for (int i = 1; i < tokens.length; i += 2) {
            onlyOnes[i] = true;
        }
        List<ToolExchanges.Tokens> ones = List.of(new ToolExchanges.Tokens(tokens, onlyOnes));

        assertThat(new Bigram(ones, 10, 0.01f).loss(ones)).isLessThan(0.01);
        assertThat(new Bigram(ones, 10, 0.01f).loss(List.of(written(new int[] {1, 0, 1, 0}))))
                .as("0 after 1 was never counted").isGreaterThan(1);
    }

    private static ToolExchanges.Tokens written(int[] tokens) {
        boolean[] all = new boolean[tokens.length];
        Arrays.fill(all, true);
        return new ToolExchanges.Tokens(tokens, all);
    }

    @Test
    void the_loss_curve_is_kept_as_csv_and_drawn_as_a_png(@TempDir Path folder) throws IOException {
        LossCurve curve = new LossCurve();
        for (int step = 100; step <= 1_000; step += 100) {
            curve.add(new LossCurve.Point(step, 7.0 / Math.sqrt(step / 100.0), 7.2 / Math.sqrt(step / 100.0)));
        }
        curve.save(folder.resolve("losses.csv"));
        LossCurve loaded = LossCurve.load(folder.resolve("losses.csv"));
        loaded.draw(folder.resolve("curve.png"), "a test run", 4.4);

        assertThat(loaded.points()).isEqualTo(curve.points());
        BufferedImage png = ImageIO.read(folder.resolve("curve.png").toFile());
        assertThat(png.getWidth()).isGreaterThan(png.getHeight()).isGreaterThan(400);
    }
}
