package org.hybridchat.server.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.server.generation.Generation.FinishReason;
import org.hybridchat.server.generation.Replies.Written;
import org.hybridchat.server.network.BpeTokenizer;
import org.hybridchat.server.network.ModelInfo;
import org.hybridchat.server.network.ServerModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped weights, answering through a decode loop as the server does. */
class ShippedModelTest {
    private static final List<ChatMessage> DAEMON = List.of(ChatMessage.user("what is a daemon?"));

    private static ServerModel model;
    private static BpeTokenizer shippedTokenizer;
    private static DecodeLoop loop;

    @BeforeAll
    static void loadShippedWeights() throws IOException {
        model = ServerModel.loadShipped();
        try (InputStream in = ShippedModelTest.class.getResourceAsStream("/model/tokenizer.bin")) {
            shippedTokenizer = BpeTokenizer.read(in.readAllBytes());
        }
        loop = new DecodeLoop(model, 8, 8, Duration.ofMinutes(1), false, new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        loop.close();
        model.close();
    }

    @Test
    void the_shipped_model_loads_offline_and_describes_itself() {
        ModelInfo info = model.info();

        assertThat(info.parameters()).isGreaterThan(100_000);
        assertThat(info.vocabSize()).isEqualTo(BpeTokenizer.FIRST_MERGE + 2048);
        assertThat(info.dModel() % info.heads()).isZero();
        assertThat(info.fileBytes()).as("half precision").isEqualTo(32 + 2 * info.parameters());
        assertThat(info.id()).isEqualTo("hybridchat-gpt");
    }

    @Test
    void the_shipped_tokenizer_fits_the_weights_and_reads_a_question_in_far_fewer_tokens_than_bytes() {
        assertThat(shippedTokenizer.vocabSize()).isEqualTo(model.info().vocabSize());
        assertThat(shippedTokenizer.encode("what is a daemon?")).hasSizeLessThanOrEqualTo("what is a daemon?".length() / 2);
    }

    @Test
    void a_reply_to_what_is_a_daemon_is_non_empty_and_ends_by_itself_within_the_max_length() {
        for (long seed = 0; seed < 3; seed++) {
            Written reply = reply(DAEMON, seed);

            assertThat(reply.text()).isNotBlank();
            // only END_OF_TURN stops a reply this short: the context has room for the maximum
            assertThat(reply.finished().reason()).isEqualTo(FinishReason.STOP);
            assertThat(shippedTokenizer.encode(reply.text()).length).isLessThan(ServerModel.MAX_REPLY_TOKENS);
        }
    }

    @Test
    void the_same_seed_gives_the_same_reply_and_other_seeds_give_other_replies() {
        String first = reply(DAEMON, 42).text();
        String again = reply(DAEMON, 42).text();
        // hot enough to leave the trained model's few likely replies: at 0.8 it gives one for every seed
        long distinct = LongStream.range(0, 4).mapToObj(seed -> reply(DAEMON, seed, 1.5f).text()).distinct().count();

        assertThat(again).isEqualTo(first);
        assertThat(distinct).isGreaterThan(1);
    }

    @Test
    void a_conversation_longer_than_the_context_still_gets_a_reply() {
        List<ChatMessage> conversation = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            conversation.add(ChatMessage.user("what is a kernel? ".repeat(5)));
            conversation.add(ChatMessage.assistant("The core of an operating system. ".repeat(5)));
        }
        conversation.add(ChatMessage.user("é😀".repeat(2_000) + "what is a daemon?"));

        assertThat(reply(conversation, 1).text()).isNotEmpty();
    }

    private static Written reply(List<ChatMessage> conversation, long seed) {
        return reply(conversation, seed, 0.8f);
    }

    private static Written reply(List<ChatMessage> conversation, long seed, float temperature) {
        return Replies.of(loop.submit(conversation,
                new SamplingSettings(temperature, 1f, ServerModel.MAX_REPLY_TOKENS, List.of(), seed, false)));
    }
}
