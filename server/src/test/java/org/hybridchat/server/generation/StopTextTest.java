package org.hybridchat.server.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class StopTextTest {

    @Test
    void without_stop_texts_every_piece_shows_at_once() {
        StopText stops = new StopText(List.of());
        assertThat(Stream.of("a", "b", "c").map(stops::accept)).containsExactly("a", "b", "c");
    }

    @Test
    void the_reply_ends_before_the_first_stop_text_even_across_pieces() {
        StopText stops = new StopText(List.of("\n\n", "END"));

        assertThat(shown(stops, "Hello E", "N", "D and more")).isEqualTo("Hello ");
        assertThat(stops.stopped()).isTrue();
        assertThat(stops.accept("later")).isEmpty();
        assertThat(stops.flush()).isEmpty();
    }

    @Test
    void of_two_stop_texts_the_earlier_in_the_reply_wins() {
        StopText stops = new StopText(List.of("world", "lo"));
        assertThat(shown(stops, "hello world")).isEqualTo("hel");
    }

    @Test
    void a_possible_start_of_a_stop_text_is_held_back_until_it_is_not_one() {
        StopText stops = new StopText(List.of("STOP"));

        assertThat(stops.accept("ab ST")).isEqualTo("ab ");
        assertThat(stops.accept("O")).isEmpty();
        assertThat(stops.accept("P?")).isEmpty();
        assertThat(stops.stopped()).isTrue();

        StopText other = new StopText(List.of("STOP"));
        assertThat(other.accept("ab ST")).isEqualTo("ab ");
        assertThat(other.accept("ORM")).isEqualTo("STORM");
    }

    @Test
    void what_is_held_back_shows_when_the_reply_ends_for_another_reason() {
        StopText stops = new StopText(List.of("STOP"));
        assertThat(stops.accept("ab STO")).isEqualTo("ab ");
        assertThat(stops.flush()).isEqualTo("STO");
        assertThat(stops.stopped()).isFalse();
    }

    private static String shown(StopText stops, String... pieces) {
        return Stream.of(pieces).map(stops::accept).collect(Collectors.joining());
    }
}
