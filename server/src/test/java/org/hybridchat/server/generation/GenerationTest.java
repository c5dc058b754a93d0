package org.hybridchat.server.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.server.generation.Generation.FinishReason;
import org.hybridchat.server.generation.Replies.Written;
import org.hybridchat.server.network.Gpt;
import org.hybridchat.server.network.ModelInfo;
import org.hybridchat.server.network.ServerModel;
import org.hybridchat.server.training.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where a reply stops, on a tiny model trained for a second to answer in ASCII. */
class GenerationTest {
    private static final Gpt.Config TINY = TinyModels.CONFIG;
    private static final List<ChatMessage> DAEMON = List.of(ChatMessage.user("what is a daemon?"));

    private static NDManager manager;
    private static DecodeLoop loop;
    private static ServerModel model;

    @BeforeAll
    static void trainTinyModel() {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        Gpt gpt = TinyModels.trained(manager, 21, 150);
        model = new ServerModel(manager, gpt, TinyModels.BYTES, new ModelInfo("tiny", TINY.parameterCount(),
                TINY.layers(), TINY.heads(), TINY.dModel(), TINY.contextLength(), TINY.vocabSize(), 0, 100), "");
        loop = new DecodeLoop(model, 2, 2, Duration.ofMinutes(1), false, new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        loop.close();
        manager.close();
    }

    @Test
    void a_reply_stops_at_its_maximum_length() {
        Written reply = reply(6);

        assertThat(reply.text()).hasSize(6);
        assertThat(reply.finished().reason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void a_reply_stops_at_the_end_of_the_context_without_failing() {
        // the token sampled at the last position is shown, though it can no longer be read back
        int room = TINY.contextLength() - model.prompt(DAEMON, 100).length + 1;

        Written reply = reply(100);

        assertThat(reply.text()).hasSize(room);
        assertThat(reply.finished().reason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void a_reply_begun_elsewhere_goes_on_where_it_stopped_within_the_whole_replys_maximum_length() {
        Written whole = reply(8);

        Written rest = Replies.of(loop.submit(DAEMON, whole.text().substring(0, 3),
                new SamplingSettings(0f, 1f, 8, List.of(), 0, false)));

        assertThat(rest.text()).as("greedy, so the same rest").isEqualTo(whole.text().substring(3));
        assertThat(rest.finished().completionTokens()).isEqualTo(5);
    }

    private static Written reply(int maxTokens) {
        Written reply = Replies.of(loop.submit(DAEMON, new SamplingSettings(0f, 1f, maxTokens, List.of(), 0, false)));
        assertThat(reply.text().chars()).as("one character per byte token").allMatch(c -> c < 128);
        return reply;
    }
}
