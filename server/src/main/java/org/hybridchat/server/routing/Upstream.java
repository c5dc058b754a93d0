package org.hybridchat.server.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.server.generation.Generation;
import org.hybridchat.server.generation.Generation.FinishReason;
import org.hybridchat.server.generation.SamplingSettings;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * One OpenAI-compatible server (vLLM, Ollama, TGI, DJL Serving, another replica of this one) as a
 * writer of replies: {@code POST /v1/chat/completions} with {@code stream: true}, read as the same
 * events the local decode loop gives, and {@code GET /v1/models} as its probe.
 */
final class Upstream {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = new ParameterizedTypeReference<>() {};

    private final UpstreamSettings settings;
    private final WebClient web;
    private final JsonMapper json;
    private final Duration silenceTimeout;

    Upstream(UpstreamSettings settings, WebClient web, JsonMapper json, Duration silenceTimeout) {
        this.settings = settings;
        this.web = web;
        this.json = json;
        this.silenceTimeout = silenceTimeout;
    }

    String name() {
        return settings.name();
    }

    String model() {
        return settings.model();
    }

    /**
     * The reply to {@code conversation}: pieces of text, then {@link Generation.Finished}, with the
     * upstream's token counts if it sent them (else 0). Fails with {@link UpstreamFailure} when the
     * upstream refuses, cannot be reached, says nothing for the silence timeout, reports an error, or
     * ends its stream before its reply ends. The request says it was forwarded, so that a replica of
     * this server writes it itself and never sends it on.
     */
    Flux<Generation.Event> reply(List<ChatMessage> conversation, SamplingSettings sampling) {
        return Flux.defer(() -> {
            Ending ending = new Ending();
            return web.post().uri(settings.apiRoot() + "/chat/completions")
                    .headers(this::authorize)
                    .header(Router.FORWARDED_HEADER, "true")
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .bodyValue(json.writeValueAsString(request(conversation, sampling)))
                    .retrieve()
                    .bodyToFlux(EVENTS)
                    .timeout(silenceTimeout)
                    .mapNotNull(ServerSentEvent::data) // a comment line (": ping") has none
                    .map(String::strip)
                    .takeWhile(data -> !data.equals("[DONE]"))
                    .concatMapIterable(ending::read)
                    .concatWith(Mono.defer(ending::finished))
                    .onErrorMap(failure -> !(failure instanceof UpstreamFailure), this::failure);
        });
    }

    /** Completes when the upstream lists its models within the silence timeout; fails otherwise. */
    Mono<Void> probe() {
        return web.get().uri(settings.apiRoot() + "/models").headers(this::authorize).retrieve().toBodilessEntity()
                .timeout(silenceTimeout).then();
    }

    private void authorize(HttpHeaders headers) {
        if (settings.apiKey() != null && !settings.apiKey().isEmpty()) {
            headers.setBearerAuth(settings.apiKey());
        }
    }

    private CompletionRequest request(List<ChatMessage> conversation, SamplingSettings sampling) {
        return new CompletionRequest(settings.model(),
                conversation.stream().map(m -> new Message(m.role().wireName(), m.content())).toList(),
                true, new StreamOptions(true), sampling.temperature(), sampling.topP(), sampling.maxTokens(),
                sampling.seed(), sampling.stop().isEmpty() ? null : sampling.stop(),
                sampling.ignoreEndOfTurn() ? Boolean.TRUE : null);
    }

    private UpstreamFailure failure(Throwable failure) {
        String name = settings.name();
        if (failure instanceof WebClientResponseException response && !response.getStatusCode().is2xxSuccessful()) {
            String said = name + " answered " + response.getStatusCode().value() + ": "
                    + abbreviated(response.getResponseBodyAsString());
            return response.getStatusCode().is4xxClientError() ? UpstreamFailure.refused(said) : UpstreamFailure.down(said);
        }
        if (failure instanceof TimeoutException) {
            return UpstreamFailure.down(name + " said nothing for " + silenceTimeout.toMillis() + " ms");
        }
        // WebClient reports a body that broke off as an exception of the (successful) response, the cause inside
        Throwable cause = failure instanceof WebClientResponseException && failure.getCause() != null
                ? failure.getCause() : failure;
        return UpstreamFailure.down(name + " could not be reached, or its stream broke off: " + cause);
    }

    private static String abbreviated(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    /** What a stream has said about its end so far: the finish reason and the token counts, once they come. */
    private final class Ending {
        private FinishReason reason;
        private int promptTokens;
        private int completionTokens;

        /** One {@code data:} chunk: its text, if any; its finish reason and usage are kept for the end. */
        List<Generation.Event> read(String data) {
            JsonNode chunk;
            try {
                chunk = json.readTree(data);
            } catch (JacksonException e) {
                throw UpstreamFailure.down(settings.name() + " sent a chunk that is not JSON: " + abbreviated(data));
            }
            if (chunk.has("error")) {
                throw UpstreamFailure.down(settings.name() + " reported an error mid-stream: " + abbreviated(data));
            }
            JsonNode usage = chunk.path("usage");
            if (usage.isObject()) {
                promptTokens = usage.path("prompt_tokens").asInt(0);
                completionTokens = usage.path("completion_tokens").asInt(0);
            }
            JsonNode choice = chunk.path("choices").path(0);
            String finish = choice.path("finish_reason").asString(null);
            if (finish != null) {
                reason = finish.equals("length") ? FinishReason.LENGTH : FinishReason.STOP;
            }
            String text = choice.path("delta").path("content").asString(null);
            return text == null || text.isEmpty() ? List.of() : List.of(new Generation.Text(text));
        }

        Mono<Generation.Event> finished() {
            return reason == null
                    ? Mono.error(UpstreamFailure.down(settings.name() + "'s stream ended before its reply did"))
                    : Mono.just(new Generation.Finished(reason, promptTokens, completionTokens));
        }
    }

    /** The request, as OpenAI's API spells it; {@code ignore_eos} is vLLM's, sent only when asked for. */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record CompletionRequest(String model, List<Message> messages, boolean stream, StreamOptions streamOptions,
                                     float temperature, float topP, int maxTokens, long seed, List<String> stop,
                                     Boolean ignoreEos) {}

    private record Message(String role, String content) {}

    @JsonNaming(SnakeCaseStrategy.class)
    private record StreamOptions(boolean includeUsage) {}
}
