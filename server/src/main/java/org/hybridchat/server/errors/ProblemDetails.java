package org.hybridchat.server.errors;

import org.hybridchat.contract.ErrorCode;
import org.hybridchat.server.openai.OpenAiPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error before a stream opens becomes an RFC 9457 {@code application/problem+json} body with a
 * {@code code} from {@link ErrorCode} that a client can act on ({@code unknown_session}: start a new
 * session; {@code bad_request}: sending it again will not help; {@code storage_failure}: try later).
 * Spring's base class covers its own exceptions (400 unreadable input, 404 no such path, 405, 406,
 * 415) and any {@code ErrorResponse}, such as the unknown session's 404; Redis failures are added here.
 * Under {@code /v1} the same refusals (an unknown path, a wrong method) use OpenAI's error JSON instead.
 */
@RestControllerAdvice
class ProblemDetails extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

    @ExceptionHandler
    Mono<ResponseEntity<Object>> storageUnavailable(DataAccessException e, ServerWebExchange exchange) {
        log.error("The session store failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The conversation store is unavailable; try again later.");
        problem.setProperty("code", ErrorCode.STORAGE_FAILURE);
        return handleExceptionInternal(e, problem, null, HttpStatus.SERVICE_UNAVAILABLE, exchange);
    }

    // Without a fixed type, a client that accepts only text/event-stream would get the problem as an
    // SSE message, because the SSE writer can write anything.
    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (headers != null) {
            response.headers(headers);
        }
        if (OpenAiPaths.isOpenAi(exchange.getRequest().getPath().value())) {
            String detail = body instanceof ProblemDetail problem && problem.getDetail() != null
                    ? problem.getDetail() : detailFor(status);
            return Mono.just(response.contentType(MediaType.APPLICATION_JSON).body(OpenAiPaths.error(status, detail)));
        }
        if (body instanceof ProblemDetail problem) {
            if (problem.getDetail() == null) {
                problem.setDetail(detailFor(status));
            }
            if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
                problem.setProperty("code", codeFor(status));
            }
        }
        return Mono.just(response.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body));
    }

    /** For the refusals Spring gives no detail. */
    static String detailFor(HttpStatusCode status) {
        return status.value() == 413
                ? "The request body is larger than this server's limit (spring.http.codecs.max-in-memory-size)."
                : LastResortErrors.reason(status) + ".";
    }

    static String codeFor(HttpStatusCode status) {
        return status.value() == 503 ? ErrorCode.STORAGE_FAILURE
                : status.is4xxClientError() ? ErrorCode.BAD_REQUEST : ErrorCode.SERVER_FAILURE;
    }
}
