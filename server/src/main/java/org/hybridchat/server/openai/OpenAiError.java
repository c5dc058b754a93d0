package org.hybridchat.server.openai;

/** OpenAI's error body, {@code {"error": {"message", "type", "param", "code"}}}, which its clients parse. */
record OpenAiError(Detail error) {

    OpenAiError(String message, String type, String param, String code) {
        this(new Detail(message, type, param, code));
    }

    record Detail(String message, String type, String param, String code) {}
}
