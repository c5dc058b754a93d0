package org.hybridchat.server.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ByteTokenizerTest {

    @Test
    void ascii_accents_and_emoji_round_trip() {
        for (String text : List.of("what is a daemon?", "café, naïve, Ærø", "😀 🇫🇷 👩‍💻", "")) {
            assertThat(ByteTokenizer.decode(ByteTokenizer.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void every_character_is_one_to_four_byte_tokens() {
        assertThat(ByteTokenizer.encode("a")).containsExactly('a');
        assertThat(ByteTokenizer.encode("é")).containsExactly(0xC3, 0xA9);
        assertThat(ByteTokenizer.encode("😀")).containsExactly(0xF0, 0x9F, 0x98, 0x80);
    }

    @Test
    void a_lone_surrogate_encodes_as_the_replacement_character() {
        assertThat(ByteTokenizer.decode(ByteTokenizer.encode("a\uD83Db"))).isEqualTo("a\uFFFDb");
        assertThat(ByteTokenizer.decode(ByteTokenizer.encode("\uDE00"))).isEqualTo("\uFFFD");
    }

    @Test
    void random_strings_encode_and_random_tokens_decode_without_exceptions() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            char[] chars = new char[random.nextInt(20)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) random.nextInt(Character.MAX_VALUE + 1);
            }
            int[] tokens = ByteTokenizer.encode(new String(chars));
            assertThat(IntStream.of(tokens)).allMatch(token -> token >= 0 && token < 256);

            int[] randomTokens = random.ints(random.nextInt(20), 0, ByteTokenizer.VOCAB_SIZE).toArray();
            assertThat(ByteTokenizer.decode(randomTokens)).isNotNull();
            ByteTokenizer.StreamDecoder decoder = new ByteTokenizer.StreamDecoder();
            for (int token : randomTokens) {
                if (!ByteTokenizer.isSpecial(token)) {
                    decoder.accept(token);
                }
            }
            decoder.flush();
        }
    }

    @Test
    void the_stream_decoder_holds_back_a_character_until_its_last_byte() {
        ByteTokenizer.StreamDecoder decoder = new ByteTokenizer.StreamDecoder();
        List<String> pieces = new ArrayList<>();
        for (int token : ByteTokenizer.encode("é😀!")) {
            pieces.add(decoder.accept(token));
        }
        assertThat(pieces).containsExactly("", "é", "", "", "", "😀", "!");
        assertThat(decoder.flush()).isEmpty();
    }

    @Test
    void a_character_cut_short_becomes_one_replacement_character() {
        ByteTokenizer.StreamDecoder decoder = new ByteTokenizer.StreamDecoder();
        assertThat(decoder.accept(0xF0)).isEmpty();
        assertThat(decoder.accept(0x9F)).isEmpty();
        assertThat(decoder.accept('a')).isEqualTo("\uFFFDa");

        assertThat(decoder.accept(0xE2)).isEmpty();
        assertThat(decoder.flush()).isEqualTo("\uFFFD");
    }
}
