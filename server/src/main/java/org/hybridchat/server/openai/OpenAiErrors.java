package org.hybridchat.server.openai;

import java.util.stream.Collectors;
import org.hybridchat.server.generation.OverloadedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;

/**
 * Errors of the OpenAI API in OpenAI's shape, which its clients turn into typed exceptions
 * (the rest of the server answers with problem+json). Ahead of the application-wide handler.
 * Every body is {@code application/json} whatever the request's {@code Accept} lists first: without
 * a fixed type, a client that also accepts {@code text/event-stream} would get the error as SSE.
 */
@RestControllerAdvice(assignableTypes = OpenAiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpenAiErrors {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrors.class);

    /** How long a refused client should wait: a short reply takes about this long. */
    private static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler
    ResponseEntity<OpenAiError> invalid(InvalidRequestException e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON)
                .body(new OpenAiError(e.getMessage(), "invalid_request_error", e.param(), e.code()));
    }

    @ExceptionHandler
    ResponseEntity<OpenAiError> overloaded(OverloadedException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_JSON).body(rateLimit(e));
    }

    /** OpenAI's shape for a rate limit, which its clients retry after a pause. */
    static OpenAiError rateLimit(OverloadedException e) {
        return new OpenAiError(e.getMessage(), "rate_limit_error", null, "overloaded");
    }

    /**
     * A body that is not JSON (or not UTF-8), JSON past the limits of Jackson's
     * {@code StreamReadConstraints} (nesting depth, string and number lengths), or JSON whose values
     * have the wrong types.
     */
    @ExceptionHandler
    ResponseEntity<OpenAiError> unreadable(ServerWebInputException e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof DatabindException) && !(cause instanceof StreamConstraintsException)) {
            cause = cause.getCause();
        }
        if (cause instanceof StreamConstraintsException tooBig) {
            return badRequest(new OpenAiError("The JSON body is past this server's limits: "
                    + tooBig.getOriginalMessage(), "invalid_request_error", null, null));
        }
        if (cause instanceof DatabindException wrongType && !wrongType.getPath().isEmpty()) {
            String param = wrongType.getPath().stream().map(reference -> reference.getPropertyName() != null
                    ? reference.getPropertyName() : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
            return badRequest(new OpenAiError("Invalid value for '" + param + "'.", "invalid_request_error", param, null));
        }
        return badRequest(new OpenAiError("We could not parse the JSON body of your request.",
                "invalid_request_error", null, null));
    }

    private static ResponseEntity<OpenAiError> badRequest(OpenAiError error) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(error);
    }

    /** Spring's own refusals: 413 body too large, 415 not JSON, and the like. */
    @ExceptionHandler
    ResponseEntity<OpenAiError> refused(ResponseStatusException e) {
        return ResponseEntity.status(e.getStatusCode()).headers(e.getHeaders()).contentType(MediaType.APPLICATION_JSON)
                .body((OpenAiError) OpenAiPaths.error(e.getStatusCode(), e.getBody().getDetail() != null
                        ? e.getBody().getDetail() : e.getStatusCode().value() == 413
                        ? "The request body is larger than this server's limit (spring.http.codecs.max-in-memory-size)."
                        : e.getReason() != null ? e.getReason() : "The request was refused (" + e.getStatusCode() + ")."));
    }

    /** Anything else is the server's fault, such as the model failing a whole reply: logged here, told without detail. */
    @ExceptionHandler
    ResponseEntity<OpenAiError> failed(RuntimeException e) {
        log.error("A chat completion failed", e);
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_JSON)
                .body(new OpenAiError("The server failed to write the reply; try again.", "server_error", null, null));
    }
}
