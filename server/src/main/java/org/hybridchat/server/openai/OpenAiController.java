package org.hybridchat.server.openai;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.generation.Generation;
import org.hybridchat.server.generation.Generation.Finished;
import org.hybridchat.server.generation.Generation.Queued;
import org.hybridchat.server.generation.Generation.Text;
import org.hybridchat.server.generation.OverloadedException;
import org.hybridchat.server.guardrails.PiiFilter;
import org.hybridchat.server.network.ServerModel;
import org.hybridchat.server.openai.ChatCompletionChunk.Choice;
import org.hybridchat.server.openai.ChatCompletionChunk.Delta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI chat completions API, so that OpenAI's client libraries and LLM benchmark tools work
 * against this server. No sessions: the request's messages are the whole conversation. Replies
 * come from the same {@link DecodeLoop} as the chat page's, so the two batch together.
 */
@RestController
@RequestMapping("/v1")
class OpenAiController {

    private static final Logger log = LoggerFactory.getLogger(OpenAiController.class);
    private static final ServerSentEvent<String> DONE = message("[DONE]");

    private final DecodeLoop decodeLoop;
    private final ModelList.Model card;
    private final JsonMapper json;
    private final PiiFilter pii;
    private final int contextLength;

    OpenAiController(DecodeLoop decodeLoop, ServerModel serverModel, JsonMapper json, PiiFilter pii) {
        this.decodeLoop = decodeLoop;
        this.contextLength = serverModel.info().contextLength();
        // "created" is when this server loaded the model: the weights carry no date
        this.card = new ModelList.Model(serverModel.info().id(), "model", Instant.now().getEpochSecond(), "hybridchat");
        this.json = json;
        this.pii = pii;
    }

    /** JSON whatever the {@code Accept} header lists first: the SSE writer would otherwise take it. */
    @GetMapping("/models")
    ResponseEntity<ModelList> models() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new ModelList(card));
    }

    /**
     * A 4xx (OpenAI's error shape) for a bad request, 429 when the model is busy; else the reply, whole
     * or streamed. A whole reply's status waits for the reply, so a request that waited too long for
     * its turn gets its 429 too; a stream can only tell that in the stream.
     */
    @PostMapping("/chat/completions")
    Mono<ResponseEntity<?>> chatCompletions(@RequestBody ChatCompletionRequest request) {
        if (request.model() == null) {
            throw InvalidRequestException.of("model", "You must provide a model parameter.");
        }
        if (!request.model().equals(card.id())) {
            throw new InvalidRequestException(HttpStatus.NOT_FOUND, "The model '" + request.model()
                    + "' does not exist; GET /v1/models lists the one this server runs.", "model", "model_not_found");
        }
        Generation generation = decodeLoop.submit(request.conversation(), request.sampling(contextLength));
        Completion completion = new Completion("chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
                Instant.now().getEpochSecond(), card.id());
        if (!request.streamed()) {
            return whole(generation, completion).map(reply -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(reply));
        }
        return Mono.just(ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).cacheControl(CacheControl.noCache())
                // nginx would otherwise buffer the stream and deliver the reply all at once
                .header("X-Accel-Buffering", "no")
                .body(streamed(generation, completion, request.includeUsage())));
    }

    /** What every chunk of one completion repeats. */
    private record Completion(String id, long created, String model) {

        ChatCompletionChunk chunk(Delta delta, String finishReason) {
            return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                    List.of(new Choice(0, delta, null, finishReason)), null);
        }

        ChatCompletionChunk usage(Usage usage) {
            return new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(), usage);
        }
    }

    private Mono<ChatCompletion> whole(Generation generation, Completion completion) {
        return generation.events().collectList().map(events -> {
            StringBuilder text = new StringBuilder();
            Finished finished = null;
            for (Generation.Event event : events) {
                switch (event) {
                    case Text piece -> text.append(piece.text()); // redacted whole, below
                    case Finished end -> finished = end;
                    case Queued place -> { } // OpenAI's API has no way to say it
                }
            }
            return new ChatCompletion(completion.id(), completion.created(), completion.model(), pii.redact(text.toString()),
                    finishReason(finished), new Usage(finished.promptTokens(), finished.completionTokens()));
        });
    }

    /**
     * The role first, at once (it also sends the response headers), then a chunk per piece of text,
     * a last chunk with the finish reason, the usage if asked for, and {@code [DONE]}. A failure
     * after the headers can only be told in the stream: as an error object, as OpenAI does.
     *
     * <p>Unlike the chat's stream, no {@code :ping} comments: some benchmark tools read every line
     * as data, and a reply's first chunk goes out at once anyway.
     */
    private Flux<ServerSentEvent<String>> streamed(Generation generation, Completion completion, boolean includeUsage) {
        PiiFilter.Stream filtered = pii.stream();
        Flux<ChatCompletionChunk> chunks = generation.events().concatMap(event -> switch (event) {
            case Queued place -> Flux.empty();
            case Text piece -> text(completion, filtered.next(piece.text()));
            case Finished end -> {
                ChatCompletionChunk last = completion.chunk(new Delta(null, null), finishReason(end));
                Flux<ChatCompletionChunk> ending = includeUsage
                        ? Flux.just(last, completion.usage(new Usage(end.promptTokens(), end.completionTokens())))
                        : Flux.just(last);
                yield text(completion, filtered.finish()).concatWith(ending);
            }
        });
        return Flux.concat(Mono.just(completion.chunk(new Delta("assistant", ""), null)), chunks)
                .map(chunk -> message(json.writeValueAsString(chunk)))
                .concatWith(Mono.just(DONE))
                .onErrorResume(OverloadedException.class, overloaded -> {
                    log.warn("Completion {}: refused, {}", completion.id(), overloaded.getMessage());
                    return Mono.just(message(json.writeValueAsString(OpenAiErrors.rateLimit(overloaded))));
                })
                .onErrorResume(failure -> {
                    log.error("Completion {}: the model failed", completion.id(), failure);
                    OpenAiError error = new OpenAiError("The model failed while writing the reply.", "server_error",
                            null, null);
                    return Mono.just(message(json.writeValueAsString(error)));
                });
    }

    /** A chunk of the text the PII filter let out, if any yet. */
    private static Flux<ChatCompletionChunk> text(Completion completion, String piece) {
        return piece.isEmpty() ? Flux.empty() : Flux.just(completion.chunk(new Delta(null, piece), null));
    }

    /**
     * {@code data: ...}, with the space OpenAI puts there: SSE parsers drop one leading space, and
     * scripts that strip the prefix "data: " by hand find what they expect.
     */
    private static ServerSentEvent<String> message(String data) {
        return ServerSentEvent.builder(" " + data).build();
    }

    private static String finishReason(Finished finished) {
        return switch (finished.reason()) {
            case STOP -> "stop";
            case LENGTH -> "length";
        };
    }
}
