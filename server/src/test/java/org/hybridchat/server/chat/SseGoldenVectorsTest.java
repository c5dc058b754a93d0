package org.hybridchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hybridchat.contract.GoldenVectors;
import org.hybridchat.contract.GoldenVectors.Vector;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.test.context.ActiveProfiles;
import reactor.core.publisher.Flux;

/**
 * The server's bytes for each golden event: {@link SseStream} then the application's own SSE writer,
 * the path every chat response takes, checked against the files the client's tests read too.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
class SseGoldenVectorsTest {

    static final List<Named<Vector>> GOLDEN =
            GoldenVectors.EVENTS.stream().map(vector -> Named.of(vector.file(), vector)).toList();

    @Autowired
    ServerCodecConfigurer codecs;

    @ParameterizedTest(name = "{0}")
    @FieldSource("GOLDEN")
    void a_golden_event_goes_on_the_wire_as_one_data_line_holding_exactly_its_golden_file(Vector golden) {
        assertThat(written(golden)).isEqualTo("data:" + golden.json() + "\n\n");
    }

    @SuppressWarnings("unchecked")
    private String written(Vector golden) {
        ResolvableType type = ResolvableType.forClass(ServerSentEvent.class);
        HttpMessageWriter<ServerSentEvent<String>> writer = (HttpMessageWriter<ServerSentEvent<String>>) codecs
                .getWriters().stream()
                .filter(candidate -> candidate.canWrite(type, MediaType.TEXT_EVENT_STREAM))
                .findFirst().orElseThrow();
        MockServerHttpResponse response = new MockServerHttpResponse();
        writer.write(SseStream.of(Flux.just(golden.event()), Duration.ofSeconds(5)), type, MediaType.TEXT_EVENT_STREAM,
                response, Map.of()).block();
        return response.getBodyAsString().block();
    }
}
