package org.hybridchat.server.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import ai.djl.ndarray.NDManager;
import org.hybridchat.contract.ChatMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServerModelTest {
    private static final List<ChatMessage> DAEMON = List.of(ChatMessage.user("what is a daemon?"));

    private static ServerModel model;
    private static BpeTokenizer shippedTokenizer;

    @BeforeAll
    static void loadShippedWeights() throws IOException {
        model = ServerModel.loadShipped();
        try (InputStream in = ServerModelTest.class.getResourceAsStream("/model/tokenizer.bin")) {
            shippedTokenizer = BpeTokenizer.read(in.readAllBytes());
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void the_shipped_model_loads_offline_and_describes_itself() {
        ModelInfo info = model.info();

        assertThat(info.parameters()).isGreaterThan(100_000);
        assertThat(info.vocabSize()).isEqualTo(BpeTokenizer.FIRST_MERGE + 2048);
        assertThat(info.dModel() % info.heads()).isZero();
        assertThat(info.fileBytes()).as("half precision").isEqualTo(32 + 2 * info.parameters());
    }

    @Test
    void the_shipped_tokenizer_fits_the_weights_and_reads_a_question_in_far_fewer_tokens_than_bytes() {
        assertThat(shippedTokenizer.vocabSize()).isEqualTo(model.info().vocabSize());
        assertThat(shippedTokenizer.encode("what is a daemon?")).hasSizeLessThanOrEqualTo("what is a daemon?".length() / 2);
    }

    @Test
    void a_reply_to_what_is_a_daemon_is_non_empty_and_ends_by_itself_within_the_max_length() {
        for (long seed = 0; seed < 3; seed++) {
            String reply = String.join("", replyPieces(DAEMON, seed));

            assertThat(reply).isNotBlank();
            // only END_OF_TURN stops a reply this short: the context has room for the maximum
            assertThat(shippedTokenizer.encode(reply).length).isLessThan(ServerModel.MAX_REPLY_TOKENS);
        }
    }

    @Test
    void the_same_seed_gives_the_same_reply_and_other_seeds_give_other_replies() {
        String first = String.join("", replyPieces(DAEMON, 42));
        String again = String.join("", replyPieces(DAEMON, 42));
        long distinct = LongStream.range(0, 4).mapToObj(seed -> String.join("", replyPieces(DAEMON, seed)))
                .distinct().count();

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

        assertThat(String.join("", replyPieces(conversation, 1))).isNotEmpty();
    }

    @Test
    void closing_a_generation_early_frees_its_cache_and_a_second_close_is_harmless() {
        NDManager engineRoot;
        try (NDManager probe = NDManager.newBaseManager()) {
            engineRoot = probe.getParentManager();
        }
        int arraysBefore = engineRoot.getManagedArrays().size();
        Generation generation = model.generate(DAEMON, 3);
        assertThat(generation.next()).isNotNull();
        assertThat(engineRoot.getManagedArrays().size()).as("the KV cache").isGreaterThan(arraysBefore);

        generation.close();
        generation.close();

        assertThat(engineRoot.getManagedArrays()).hasSize(arraysBefore);
        assertThat(generation.next()).isNull();
    }

    private static List<String> replyPieces(List<ChatMessage> conversation, long seed) {
        List<String> pieces = new ArrayList<>();
        try (Generation generation = model.generate(conversation, seed)) {
            for (String piece = generation.next(); piece != null; piece = generation.next()) {
                assertThat(piece).isNotEmpty();
                pieces.add(piece);
            }
        }
        return pieces;
    }
}
