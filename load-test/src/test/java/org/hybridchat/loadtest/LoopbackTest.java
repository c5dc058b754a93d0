package org.hybridchat.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://127.0.0.2"})
    void this_machine_is_a_target(String target) {
        assertEquals(URI.create(target), Loopback.check(URI.create(target)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1:8080", "http://192.168.1.20", "http://8.8.8.8", "/api/chat"})
    void any_other_host_is_refused_with_a_message_that_says_why(String target) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Loopback.check(URI.create(target)));
        assertTrue(refused.getMessage().contains("only send to this machine"), refused.getMessage());
    }
}
