package org.hybridchat.server.openai;

import org.springframework.http.HttpStatus;

/** A request the OpenAI API would refuse; {@link OpenAiErrors} renders it in OpenAI's error shape. */
final class InvalidRequestException extends RuntimeException {
    private final HttpStatus status;
    private final String param;
    private final String code;

    InvalidRequestException(HttpStatus status, String message, String param, String code) {
        super(message);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    /** A 400 about one parameter (or null when it is about the request as a whole). */
    static InvalidRequestException of(String param, String message) {
        return new InvalidRequestException(HttpStatus.BAD_REQUEST, message, param, null);
    }

    HttpStatus status() {
        return status;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }
}
