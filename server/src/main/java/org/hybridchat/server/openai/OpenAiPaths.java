package org.hybridchat.server.openai;

import org.springframework.http.HttpStatusCode;

/**
 * Which requests belong to the OpenAI API, and its error body for them, for the error handlers that
 * run before (or without) {@link OpenAiController}: an unknown {@code /v1} path, a wrong method, a
 * request Netty refused before Spring saw it.
 */
public final class OpenAiPaths {

    private OpenAiPaths() {}

    public static boolean isOpenAi(String path) {
        return path != null && (path.equals("/v1") || path.startsWith("/v1/") || path.startsWith("/v1?"));
    }

    /** OpenAI's error object for a status; rendered as {@code application/json}, whatever the client accepts. */
    public static Object error(HttpStatusCode status, String message) {
        String type = status.value() == 429 ? "rate_limit_error"
                : status.is5xxServerError() ? "server_error" : "invalid_request_error";
        return new OpenAiError(message, type, null, null);
    }
}
