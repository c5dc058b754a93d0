package org.hybridchat.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionIdTest {

    @Test
    void a_new_id_is_128_random_bits_as_22_base64url_characters() {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> ids.add(SessionId.random().value()));

        assertThat(ids).hasSize(1000).allMatch(id -> id.matches("[A-Za-z0-9_-]{22}"));
    }

    @Test
    void an_issued_id_parses_back_to_itself() {
        SessionId id = SessionId.random();

        assertThat(SessionId.parse(id.value())).contains(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAA+/", "../../../../etc/passwd",
            "AAAAAAAAAAAAAAAAAAAAA\n", "AAAAAAAAAAAAAAAAAAAA A"})
    void anything_the_server_could_not_have_issued_is_not_an_id(String text) {
        assertThat(SessionId.parse(text)).isEmpty();
    }
}
