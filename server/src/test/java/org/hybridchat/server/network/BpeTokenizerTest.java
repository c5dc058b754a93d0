package org.hybridchat.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.hybridchat.server.training.BpeTraining;
import org.junit.jupiter.api.Test;

class BpeTokenizerTest {
    /** No merges: every token is one byte, as in a byte-level model. */
    static final BpeTokenizer BYTES = BpeTraining.learn(List.of(), 0);

    private static final String ENGLISH = """
            A daemon is a program that is not invoked explicitly, but lies dormant waiting for some
            condition to occur. The kernel is the essential part of an operating system. A compiler
            is a program that converts another program from some source language to machine language.
            RTFM means read the manual: the answer to a question that the manual would answer.
            """;
    private static final BpeTokenizer TRAINED = BpeTraining.learn(List.of(ENGLISH.repeat(3)), 100);

    @Test
    void without_merges_every_character_is_its_one_to_four_utf8_bytes() {
        assertThat(BYTES.vocabSize()).isEqualTo(BpeTokenizer.FIRST_MERGE);
        assertThat(BYTES.encode("a")).containsExactly('a');
        assertThat(BYTES.encode("é")).containsExactly(0xC3, 0xA9);
        assertThat(BYTES.encode("😀")).containsExactly(0xF0, 0x9F, 0x98, 0x80);
    }

    @Test
    void training_merges_the_most_frequent_pair_first_and_encoding_applies_merges_in_that_order() {
        List<String> words = new ArrayList<>();
        words.addAll(Collections.nCopies(10, "hug"));
        words.addAll(Collections.nCopies(5, "pug"));
        words.addAll(Collections.nCopies(12, "pun"));
        words.addAll(Collections.nCopies(4, "bun"));
        words.addAll(Collections.nCopies(5, "hugs"));

        BpeTokenizer tokenizer = BpeTraining.learn(words, 3);

        int ug = BpeTokenizer.FIRST_MERGE;  // u g: 20 times
        int un = ug + 1;                    // u n: 16 times
        int hug = ug + 2;                   // h ug: 15 times, more than p u (12) once ug is a token
        assertThat(tokenizer.vocabSize()).isEqualTo(BpeTokenizer.FIRST_MERGE + 3);
        assertThat(tokenizer.encode("ug")).containsExactly(ug);
        assertThat(tokenizer.encode("pun")).containsExactly('p', un);
        assertThat(tokenizer.encode("hugs")).containsExactly(hug, 's');
        assertThat(tokenizer.encode("bug")).containsExactly('b', ug);
        assertThat(tokenizer.encode("ugun")).as("merges never cross chunks; this is one").containsExactly(ug, un);
    }

    @Test
    void training_is_deterministic_and_does_not_depend_on_the_order_of_the_texts() {
        List<String> lines = new ArrayList<>(ENGLISH.lines().toList());
        byte[] first = BpeTraining.learn(lines, 80).toBytes();
        Collections.shuffle(lines, new Random(7));

        assertThat(BpeTraining.learn(lines, 80).toBytes()).isEqualTo(first);
        assertThat(BpeTraining.learn(lines, 80).toBytes()).isEqualTo(first);
    }

    @Test
    void merges_stop_when_no_pair_occurs_twice() {
        assertThat(BpeTraining.learn(List.of("abcabc"), 50).vocabSize()).isEqualTo(BpeTokenizer.FIRST_MERGE + 2);
    }

    @Test
    void frequent_words_become_single_tokens_with_their_leading_space() {
        assertThat(TRAINED.encode(" program")).hasSize(1);
        assertThat(TRAINED.encode("a program that")).hasSizeLessThan("a program that".length() / 2);
    }

    @Test
    void ascii_accents_emoji_and_control_characters_round_trip() {
        for (String text : List.of("what is a daemon?", "café, naïve, Ærø", "😀 🇫🇷 👩‍💻", "tab\there\r\n\u0000\u001B[0m", "")) {
            assertThat(TRAINED.decode(TRAINED.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void a_lone_surrogate_encodes_as_the_replacement_character() {
        assertThat(TRAINED.decode(TRAINED.encode("a\uD83Db"))).isEqualTo("a\uFFFDb");
        assertThat(TRAINED.decode(TRAINED.encode("\uDE00"))).isEqualTo("\uFFFD");
    }

    @Test
    void random_strings_round_trip_and_random_tokens_decode_alike_streamed_or_not() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            char[] chars = new char[random.nextInt(30)];
            for (int j = 0; j < chars.length; j++) {
                // half plain ASCII (so merges apply), half anything, lone surrogates included
                chars[j] = (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(Character.MAX_VALUE + 1));
            }
            String text = new String(chars);
            int[] tokens = TRAINED.encode(text);
            assertThat(IntStream.of(tokens)).allMatch(t -> t >= 0 && t < TRAINED.vocabSize() && !BpeTokenizer.isSpecial(t));
            assertThat(TRAINED.decode(tokens)).isEqualTo(withLoneSurrogatesReplaced(text));

            int[] randomTokens = random.ints(random.nextInt(20), 0, TRAINED.vocabSize()).toArray();
            BpeTokenizer.StreamDecoder decoder = TRAINED.streamDecoder();
            StringBuilder streamed = new StringBuilder();
            IntStream.of(randomTokens).forEach(token -> streamed.append(decoder.accept(token)));
            streamed.append(decoder.flush());
            assertThat(streamed.toString()).isEqualTo(TRAINED.decode(randomTokens));
        }
    }

    @Test
    void a_long_chunk_encodes_in_n_log_n_not_a_rescan_per_merge() {
        List<String> runs = IntStream.rangeClosed(1, 64).mapToObj("a"::repeat).toList();
        BpeTokenizer tokenizer = BpeTraining.learn(runs, 20);
        String text = "a".repeat(200_000);

        int[] tokens = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> tokenizer.encode(text));

        assertThat(tokenizer.decode(tokens)).isEqualTo(text);
        assertThat(tokens.length).isLessThan(text.length() / 16);
    }

    @Test
    void the_stream_decoder_holds_back_a_character_until_its_last_byte() {
        BpeTokenizer.StreamDecoder decoder = BYTES.streamDecoder();
        List<String> pieces = new ArrayList<>();
        for (int token : BYTES.encode("é😀!")) {
            pieces.add(decoder.accept(token));
        }
        assertThat(pieces).containsExactly("", "é", "", "", "", "😀", "!");
        assertThat(decoder.flush()).isEmpty();
    }

    @Test
    void a_character_cut_short_becomes_one_replacement_character() {
        BpeTokenizer.StreamDecoder decoder = BYTES.streamDecoder();
        assertThat(decoder.accept(0xF0)).isEmpty();
        assertThat(decoder.accept(0x9F)).isEmpty();
        assertThat(decoder.accept('a')).isEqualTo("\uFFFDa");

        assertThat(decoder.accept(0xE2)).isEmpty();
        assertThat(decoder.flush()).isEqualTo("\uFFFD");
    }

    @Test
    void the_file_form_reads_back_to_the_same_tokenizer_and_a_damaged_file_is_refused() throws IOException {
        byte[] file = TRAINED.toBytes();
        BpeTokenizer read = BpeTokenizer.read(file);

        assertThat(read.vocabSize()).isEqualTo(TRAINED.vocabSize());
        assertThat(read.encode(ENGLISH)).containsExactly(TRAINED.encode(ENGLISH));
        assertThatThrownBy(() -> BpeTokenizer.read(new byte[] {1, 2, 3})).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> BpeTokenizer.read(java.util.Arrays.copyOf(file, file.length - 2)))
                .isInstanceOf(IOException.class).hasMessageContaining("merges");
        file[13] = 0x10; // the first merge (little-endian ids from byte 12) now joins token 4096+
        assertThatThrownBy(() -> BpeTokenizer.read(file)).isInstanceOf(IOException.class);
    }

    private static String withLoneSurrogatesReplaced(String text) {
        StringBuilder replaced = new StringBuilder();
        text.codePoints().forEach(c -> replaced.appendCodePoint(Character.isSurrogate((char) c) && c <= 0xFFFF ? 0xFFFD : c));
        return replaced.toString();
    }
}
