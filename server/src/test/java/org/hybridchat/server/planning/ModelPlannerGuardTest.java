package org.hybridchat.server.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.network.BpeTokenizer;
import org.hybridchat.server.network.Gpt;
import org.hybridchat.server.network.ModelInfo;
import org.hybridchat.server.network.ServerModel;
import org.hybridchat.server.tools.CalculateTool;
import org.hybridchat.server.tools.DefineTool;
import org.hybridchat.server.tools.ToolArguments;
import org.hybridchat.server.training.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planner's guarantees, which hold whatever the model writes: here an untrained one, rigged to
 * begin a call at once and to close a quote when it may, and otherwise to write noise.
 */
class ModelPlannerGuardTest {
    private static final Map<String, ToolArguments> TOOLS = Map.of(DefineTool.NAME, DefineTool.ARGUMENTS,
            CalculateTool.NAME, CalculateTool.ARGUMENTS);
    private static final List<ChatMessage> QUESTION = List.of(ChatMessage.user("what is a daemon?"));

    private static NDManager manager;
    private static Untrained untrained;

    @BeforeAll
    static void startAnUntrainedModel() {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        untrained = new Untrained(0);
    }

    @AfterAll
    static void close() {
        untrained.close();
        manager.close();
    }

    @Test
    void a_reply_not_drawn_from_the_result_is_replaced_by_the_result_s_own_words() {
        ToolResult result = new ToolResult.Definition("daemon", "A program that waits for work.", "FOLDOC", "GFDL",
                "https://foldoc.org", List.of());
        PlannedCall call = new PlannedCall("define", Map.of("term", "daemon"));

        String reply = untrained.planner.answer(QUESTION, call, result).block();

        assertThat(untrained.planner.modelAnswer(QUESTION, call, result).block()).as("the model's own reply")
                .isNotEqualTo(reply);
        assertThat(reply).isEqualTo(GroundedAnswer.of(result));
    }

    @Test
    void whatever_an_untrained_model_writes_its_call_parses_fits_its_tool_and_quotes_the_message() {
        for (long seed = 1; seed <= 6; seed++) {
            try (Untrained other = new Untrained(seed)) {
                PlannedCall call = other.planner.plan(QUESTION).block();

                assertThat(call).as("seed %d", seed).isNotNull();
                assertThat(TOOLS.get(call.tool()).read(call.argumentsJson())).isEqualTo(call.arguments());
                assertThat(QUESTION.getLast().content()).contains(call.arguments().values());
            }
        }
    }

    /** A one-block model with random weights, its decode loop and a planner over it. */
    private static final class Untrained implements AutoCloseable {
        final DecodeLoop loop;
        final ModelPlanner planner;

        Untrained(long seed) {
            Gpt.Config config = new Gpt.Config(TinyModels.BYTES.vocabSize(), 256, 1, 2, 16);
            Gpt gpt = Gpt.initialize(config, manager, seed);
            rig(gpt, config.dModel());
            ServerModel model = new ServerModel(manager, gpt, TinyModels.BYTES,
                    new ModelInfo("untrained", config.parameterCount(), config.layers(), config.heads(), config.dModel(),
                            config.contextLength(), config.vocabSize(), 0, 100),
                    ToolPrompt.toolList(TOOLS));
            loop = new DecodeLoop(model, 2, 2, Duration.ofMinutes(1), false, new SimpleMeterRegistry());
            planner = new ModelPlanner(loop, model, TOOLS, new SimpleMeterRegistry());
        }

        @Override
        public void close() {
            loop.close();
        }

        /**
         * The final norm's gain 0 and its bias u make every position's output u, so each token's
         * logit is u . its (tied) embedding: BEGIN_CALL's is made the largest, then END_OF_TURN's,
         * then a quote's; every other token's stays a small random number.
         */
        private static void rig(Gpt gpt, int c) {
            List<NDArray> parameters = gpt.parameters();
            float[] u = new float[c];
            Arrays.fill(u, (float) (1 / Math.sqrt(c)));
            parameters.get(parameters.size() - 2).set(new float[c]);
            parameters.get(parameters.size() - 1).set(u);
            float[] embedding = parameters.getFirst().toFloatArray();
            int[] tokens = {BpeTokenizer.BEGIN_CALL, BpeTokenizer.END_OF_TURN, '"'};
            for (int rank = 0; rank < tokens.length; rank++) {
                for (int i = 0; i < c; i++) {
                    embedding[tokens[rank] * c + i] = 10 * (tokens.length - rank) * u[i];
                }
            }
            parameters.getFirst().set(embedding);
        }
    }
}
