package org.hybridchat.server.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import io.micrometer.core.instrument.MeterRegistry;
import org.hybridchat.server.ChatApi;
import org.hybridchat.server.generation.DecodeLoop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The OpenAI chat completions API, spoken to by OpenAI's own Java client, and refused in OpenAI's error shape. */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
class OpenAiApiTest {

    private static final String MODEL = "hybridchat-gpt";

    @LocalServerPort
    int port;

    @Autowired
    DecodeLoop decodeLoop;

    @Autowired
    MeterRegistry metrics;

    OpenAIClient openAi;

    @BeforeEach
    void connect() {
        openAi = OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/v1").apiKey("not-needed")
                .timeout(Duration.ofSeconds(30)).maxRetries(0).build();
    }

    @Test
    void the_model_list_names_the_one_model_this_server_runs() {
        List<Model> models = openAi.models().list().items();

        assertThat(models).extracting(Model::id).containsExactly(MODEL);
        assertThat(models.getFirst().ownedBy()).isEqualTo("hybridchat");
    }

    @Test
    void a_completion_answers_the_conversation_and_counts_its_tokens() {
        ChatCompletion completion = openAi.chat().completions().create(request("What is a daemon?").seed(5).build());

        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo(MODEL);
        assertThat(choice.message().content()).hasValueSatisfying(text -> assertThat(text).isNotBlank());
        assertThat(choice.finishReason().asString()).isEqualTo("stop");
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
            // the system message is left out: the model has no such turn
            assertThat(usage.promptTokens()).isEqualTo(openAi.chat().completions().create(
                    ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("What is a daemon?").seed(5).build())
                    .usage().orElseThrow().promptTokens());
        });
    }

    @Test
    void a_streamed_completion_is_the_same_reply_as_a_whole_one_with_the_same_seed_and_ends_with_its_usage() {
        ChatCompletionCreateParams params = request("Define kernel.").seed(11).temperature(0.9).topP(0.95)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        ChatCompletion completion = openAi.chat().completions().create(params);
        String whole = completion.choices().getFirst().message().content().orElseThrow();

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(params)) {
            chunks = stream.stream().toList();
        }

        assertThat(chunks.getFirst().choices().getFirst().delta().role()).hasValueSatisfying(
                role -> assertThat(role.asString()).isEqualTo("assistant"));
        assertThat(chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining())).isEqualTo(whole);
        ChatCompletionChunk finishing = chunks.get(chunks.size() - 2);
        assertThat(finishing.choices().getFirst().finishReason().map(reason -> reason.asString()))
                .contains(completion.choices().getFirst().finishReason().asString());
        assertThat(chunks.getLast().choices()).isEmpty();
        assertThat(chunks.getLast().usage()).isEqualTo(completion.usage());
        assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.getFirst().id());
    }

    @Test
    void a_stream_is_only_data_lines_spaced_as_openai_spaces_them_for_scripts_that_parse_it_by_hand() {
        HttpResponse<String> response = new ChatApi(port).send("POST", "/v1/chat/completions", "application/json",
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}",
                "text/event-stream");

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> lines = response.body().lines().filter(line -> !line.isEmpty()).toList();
        assertThat(lines).allSatisfy(line -> assertThat(line).matches("data: \\{\"id\":\"chatcmpl-.*}|data: \\[DONE]"))
                .last().isEqualTo("data: [DONE]");
    }

    @Test
    void max_tokens_stop_and_ignore_eos_shape_the_reply() {
        ChatCompletion capped = openAi.chat().completions().create(request("Hello").seed(3).maxCompletionTokens(12)
                .putAdditionalBodyProperty("ignore_eos", JsonValue.from(true)).build());
        String text = capped.choices().getFirst().message().content().orElseThrow();
        String stop = text.substring(4, 6);
        ChatCompletion stopped = openAi.chat().completions().create(request("Hello").seed(3).maxCompletionTokens(12)
                .putAdditionalBodyProperty("ignore_eos", JsonValue.from(true)).stop(stop).build());

        assertThat(capped.choices().getFirst().finishReason().asString()).isEqualTo("length");
        assertThat(capped.usage().orElseThrow().completionTokens()).isEqualTo(12);
        assertThat(stopped.choices().getFirst().finishReason().asString()).isEqualTo("stop");
        assertThat(stopped.choices().getFirst().message().content()).contains(text.substring(0, text.indexOf(stop)));
    }

    @Test
    void a_client_that_disconnects_mid_stream_frees_its_batch_row() throws InterruptedException {
        double cancelledBefore = cancelled();
        HttpResponse<Stream<String>> response = new ChatApi(port).open("POST", "/v1/chat/completions",
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"stream\":true,\"max_tokens\":250,\"ignore_eos\":true}");
        try (Stream<String> lines = response.body()) {
            assertThat(lines.filter(line -> line.startsWith("data: ")).limit(3)).hasSize(3);
        }

        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (cancelled() == cancelledBefore && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        assertThat(cancelled()).as("cancelled, not finished").isEqualTo(cancelledBefore + 1);
        assertThat(decodeLoop.activeGenerations()).isZero();
    }

    private double cancelled() {
        return metrics.counter("hybridchat.generations", "outcome", "cancelled").count();
    }

    @Test
    void the_official_client_reads_a_refusal_as_its_own_typed_error() {
        assertThatThrownBy(() -> openAi.chat().completions().create(request("Hi").temperature(7).build()))
                .isInstanceOfSatisfying(BadRequestException.class, refused -> {
                    assertThat(refused.statusCode()).isEqualTo(400);
                    assertThat(refused.type()).contains("invalid_request_error");
                    assertThat(refused.getMessage()).contains("temperature must be between 0 and 2");
                });
    }

    record BadRequest(String what, String contentType, String body, int status, String param) {
        @Override
        public String toString() {
            return what + " -> " + status;
        }
    }

    static Stream<BadRequest> badRequests() {
        String hello = "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]";
        return Stream.of(
                new BadRequest("malformed JSON", "application/json", "{\"model\":", 400, null),
                new BadRequest("no body at all", "application/json", null, 400, null),
                new BadRequest("a body that is not JSON", "text/plain", "hello", 415, null),
                new BadRequest("no model", "application/json", "{" + hello + "}", 400, "model"),
                new BadRequest("an unknown model", "application/json", "{\"model\":\"gpt-4o\"," + hello + "}", 404, "model"),
                new BadRequest("no messages", "application/json", "{\"model\":\"" + MODEL + "\"}", 400, "messages"),
                new BadRequest("a tool message", "application/json", "{\"model\":\"" + MODEL
                        + "\",\"messages\":[{\"role\":\"tool\",\"content\":\"42\"}]}", 400, "messages[0].role"),
                new BadRequest("an image", "application/json", "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":[{\"type\":\"image_url\"}]}]}", 400, "messages[0].content"),
                new BadRequest("a temperature that is not a number", "application/json",
                        "{\"model\":\"" + MODEL + "\"," + hello + ",\"temperature\":\"hot\"}", 400, "temperature"),
                new BadRequest("top_p of 0", "application/json",
                        "{\"model\":\"" + MODEL + "\"," + hello + ",\"top_p\":0}", 400, null),
                new BadRequest("five stop texts", "application/json", "{\"model\":\"" + MODEL + "\"," + hello
                        + ",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", 400, null),
                new BadRequest("two choices", "application/json", "{\"model\":\"" + MODEL + "\"," + hello + ",\"n\":2}",
                        400, "n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void a_bad_request_gets_a_4xx_with_an_openai_error_and_no_stack_trace(BadRequest bad) {
        HttpResponse<String> response = new ChatApi(port).send("POST", "/v1/chat/completions", bad.contentType(),
                bad.body(), "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(bad.status());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).matches("\\{\"error\":\\{\"message\":\"[^\"]+\",\"type\":\"invalid_request_error\",.*")
                .contains(bad.param() == null ? "\"param\":null" : "\"param\":\"" + bad.param() + "\"")
                .doesNotContain("Exception", "\tat ");
    }

    private static ChatCompletionCreateParams.Builder request(String message) {
        return ChatCompletionCreateParams.builder().model(MODEL).addSystemMessage("You are helpful.")
                .addUserMessage(message);
    }
}
