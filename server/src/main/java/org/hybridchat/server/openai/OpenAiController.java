package org.hybridchat.server.openai;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hybridchat.server.generation.Generation.Finished;
import org.hybridchat.server.generation.Generation.Queued;
import org.hybridchat.server.generation.Generation.Text;
import org.hybridchat.server.generation.OverloadedException;
import org.hybridchat.server.guardrails.PiiFilter;
import org.hybridchat.server.network.ServerModel;
import org.hybridchat.server.openai.ChatCompletionChunk.Choice;
import org.hybridchat.server.openai.ChatCompletionChunk.Delta;
import org.hybridchat.server.routing.Routed;
import org.hybridchat.server.routing.Routed.Generated;
import org.hybridchat.server.routing.Routed.Placed;
import org.hybridchat.server.routing.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI chat completions API, so that OpenAI's client libraries and LLM benchmark tools work
 * against this server. No sessions: the request's messages are the whole conversation. Replies are
 * placed by the same {@link Router} as the chat page's: on this server's decode loop, where the two
 * batch together, or on an upstream engine when it has no room. The header {@value #ENGINE_HEADER}
 * says which engine wrote the reply, and each reply's or chunk's {@code model} the model that did.
 */
@RestController
@RequestMapping("/v1")
class OpenAiController {

    private static final Logger log = LoggerFactory.getLogger(OpenAiController.class);
    private static final ServerSentEvent<String> DONE = message("[DONE]");
    static final String ENGINE_HEADER = "X-Hybridchat-Engine";

    private final Router router;
    private final ModelList.Model card;
    private final JsonMapper json;
    private final PiiFilter pii;
    private final int contextLength;

    OpenAiController(Router router, ServerModel serverModel, JsonMapper json, PiiFilter pii) {
        this.router = router;
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
     * its turn gets its 429 too; a stream can only tell that in the stream. A request another server
     * forwarded ({@link Router#FORWARDED_HEADER}) is written here, never sent on.
     */
    @PostMapping("/chat/completions")
    Mono<ResponseEntity<?>> chatCompletions(@RequestBody ChatCompletionRequest request,
            @RequestHeader(name = Router.FORWARDED_HEADER, required = false) String forwarded,
            ServerHttpResponse response) {
        if (request.model() == null) {
            throw InvalidRequestException.of("model", "You must provide a model parameter.");
        }
        if (!request.model().equals(card.id())) {
            throw new InvalidRequestException(HttpStatus.NOT_FOUND, "The model '" + request.model()
                    + "' does not exist; GET /v1/models lists the one this server runs.", "model", "model_not_found");
        }
        Flux<Routed> reply = router.route(request.conversation(), request.sampling(contextLength), forwarded != null);
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        if (!request.streamed()) {
            return whole(reply, id, created).map(whole -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .header(ENGINE_HEADER, String.join(", ", whole.engines())).body(whole.completion()));
        }
        return Mono.just(ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).cacheControl(CacheControl.noCache())
                // nginx would otherwise buffer the stream and deliver the reply all at once
                .header("X-Accel-Buffering", "no")
                .body(streamed(reply, new Completion(id, created), request.includeUsage(), response)));
    }

    /** What every chunk of one completion repeats, but for the model, which is the one writing at the time. */
    private record Completion(String id, long created) {

        ChatCompletionChunk chunk(String model, Delta delta, String finishReason) {
            return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                    List.of(new Choice(0, delta, null, finishReason)), null);
        }

        ChatCompletionChunk usage(String model, Usage usage) {
            return new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(), usage);
        }
    }

    /** A whole reply, and the engines that wrote it in order (two when it moved). */
    private record Whole(ChatCompletion completion, List<String> engines) {}

    /** The model is the one that began the reply; the token counts are the last engine's. */
    private Mono<Whole> whole(Flux<Routed> reply, String id, long created) {
        return reply.collectList().map(events -> {
            StringBuilder text = new StringBuilder();
            List<String> engines = new ArrayList<>();
            String model = null;
            Finished finished = null;
            for (Routed event : events) {
                switch (event) {
                    case Placed placed -> {
                        engines.add(placed.engine());
                        model = model == null ? placed.model() : model;
                    }
                    case Generated(Text piece) -> text.append(piece.text()); // redacted whole, below
                    case Generated(Finished end) -> finished = end;
                    case Generated(Queued place) -> { } // OpenAI's API has no way to say it
                }
            }
            return new Whole(new ChatCompletion(id, created, model, pii.redact(text.toString()), finishReason(finished),
                    new Usage(finished.promptTokens(), finished.completionTokens())), engines);
        });
    }

    /**
     * The role first, as soon as the reply is placed (it also sends the response headers, with the
     * engine that begins the reply: at once on this server, with its first token upstream), then a
     * chunk per piece of text, a last chunk with the finish reason, the usage if asked for, and
     * {@code [DONE]}. A failure after the headers can only be told in the stream: as an error object,
     * as OpenAI does. Each chunk names the model that wrote it, which changes if the reply moves.
     *
     * <p>Unlike the chat's stream, no {@code :ping} comments: some benchmark tools read every line
     * as data, and a reply's first chunk goes out at once anyway.
     */
    private Flux<ServerSentEvent<String>> streamed(Flux<Routed> reply, Completion completion, boolean includeUsage,
                                                   ServerHttpResponse response) {
        PiiFilter.Stream filtered = pii.stream();
        String[] model = new String[1]; // the model writing now; chunks are made one at a time (concatMap)
        Flux<ChatCompletionChunk> chunks = reply.concatMap(event -> switch (event) {
            case Placed placed when model[0] == null -> {
                // the headers leave with the first chunk, just after this
                response.getHeaders().set(ENGINE_HEADER, placed.engine());
                model[0] = placed.model();
                yield Flux.just(completion.chunk(model[0], new Delta("assistant", ""), null));
            }
            case Placed placed -> {
                model[0] = placed.model();
                yield Flux.empty();
            }
            case Generated(Queued place) -> Flux.empty();
            case Generated(Text piece) -> text(completion, model[0], filtered.next(piece.text()));
            case Generated(Finished end) -> {
                ChatCompletionChunk last = completion.chunk(model[0], new Delta(null, null), finishReason(end));
                Flux<ChatCompletionChunk> ending = includeUsage
                        ? Flux.just(last, completion.usage(model[0], new Usage(end.promptTokens(), end.completionTokens())))
                        : Flux.just(last);
                yield text(completion, model[0], filtered.finish()).concatWith(ending);
            }
        });
        return chunks
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
    private static Flux<ChatCompletionChunk> text(Completion completion, String model, String piece) {
        return piece.isEmpty() ? Flux.empty() : Flux.just(completion.chunk(model, new Delta(null, piece), null));
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
