package org.hybridchat.server.errors;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hybridchat.server.openai.OpenAiPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What no controller advice answered (an error in a filter, in a codec, or one nobody foresaw) still
 * gets the house's error body: problem+json, or OpenAI's error JSON under {@code /v1}, never Spring
 * Boot's default error page or a stack trace. Ahead of Boot's handler (order -1). Once a stream has
 * started nothing can be said any more: the connection is closed, as the run's RUN_ERROR or error
 * chunk would have been sent before.
 */
@Component
@Order(-2)
class LastResortErrors implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(LastResortErrors.class);

    private final JsonMapper json;

    LastResortErrors(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        HttpStatusCode status = failure instanceof ErrorResponse refusal ? refusal.getStatusCode()
                : HttpStatus.INTERNAL_SERVER_ERROR;
        String detail;
        if (status.is5xxServerError()) {
            log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), failure);
            detail = "The server failed to answer; try again.";
        } else {
            detail = failure instanceof ErrorResponse refusal && refusal.getBody().getDetail() != null
                    ? refusal.getBody().getDetail() : reason(status);
        }
        return write(response, exchange.getRequest().getPath().value(), status, detail, json);
    }

    /** The error body for {@code path}: OpenAI's error object under /v1, problem+json elsewhere. */
    static Mono<Void> write(ServerHttpResponse response, String path, HttpStatusCode status, String detail,
            JsonMapper json) {
        boolean openAi = OpenAiPaths.isOpenAi(path);
        response.setStatusCode(status);
        response.getHeaders().setContentType(openAi ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = json.writeValueAsString(openAi ? OpenAiPaths.error(status, detail) : problem(status, detail, path))
                .getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    static Map<String, Object> problem(HttpStatusCode status, String detail, String path) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", reason(status));
        problem.put("status", status.value());
        problem.put("detail", detail);
        if (path != null) {
            problem.put("instance", path);
        }
        problem.put("code", ProblemDetails.codeFor(status));
        return problem;
    }

    static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "Error " + status.value() : known.getReasonPhrase();
    }
}
