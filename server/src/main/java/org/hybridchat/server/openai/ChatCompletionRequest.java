package org.hybridchat.server.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.server.generation.SamplingSettings;
import org.hybridchat.server.network.ServerModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /v1/chat/completions}, as far as this server honours it. Other fields
 * (frequency_penalty, user, ...) are accepted and ignored, as OpenAI-compatible servers do, so
 * that clients and benchmark tools which send them still work. {@code ignore_eos} is vLLM's
 * extension for replies of a fixed length, which benchmark tools send.
 */
@JsonNaming(SnakeCaseStrategy.class)
record ChatCompletionRequest(String model, List<Message> messages, Boolean stream, StreamOptions streamOptions,
                             Double temperature, Double topP, Integer maxTokens, Integer maxCompletionTokens,
                             JsonNode stop, Long seed, Integer n, Boolean ignoreEos) {

    /** {@code content} is a string or an array of {@code {"type": "text", "text": ...}} parts. */
    record Message(String role, JsonNode content) {}

    @JsonNaming(SnakeCaseStrategy.class)
    record StreamOptions(Boolean includeUsage) {}

    boolean streamed() {
        return Boolean.TRUE.equals(stream);
    }

    boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /**
     * The messages as the model's conversation. System and developer messages are left out: the
     * model was never trained with such a turn, and rendering one as a user turn would only
     * confuse it.
     */
    List<ChatMessage> conversation() {
        if (messages == null || messages.isEmpty()) {
            throw InvalidRequestException.of("messages", "messages must be a non-empty array.");
        }
        List<ChatMessage> conversation = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages[" + i + "]";
            Message message = messages.get(i);
            String role = message == null || message.role() == null ? "" : message.role();
            switch (role) {
                case "user" -> conversation.add(ChatMessage.user(userText(message.content(), param)));
                case "assistant" -> conversation.add(ChatMessage.assistant(wellFormed(text(message.content(), param, true),
                        param)));
                case "system", "developer" -> { }
                default -> throw InvalidRequestException.of(param + ".role", "Unsupported role '" + role + "' in "
                        + param + ": this model takes system, developer, user and assistant messages.");
            }
        }
        return conversation;
    }

    /**
     * The sampling settings, with OpenAI's defaults: temperature 1, top_p 1, and a random seed. A reply
     * longer than the model's context cannot be written, so asking for one is refused, as
     * OpenAI-compatible servers do, with the limit in the message.
     */
    SamplingSettings sampling(int contextLength) {
        if (n != null && n != 1) {
            throw InvalidRequestException.of("n", "Only n = 1 is supported.");
        }
        Integer limit = maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
        if (limit != null && limit > contextLength) {
            String param = maxCompletionTokens != null ? "max_completion_tokens" : "max_tokens";
            throw InvalidRequestException.of(param, "This model's maximum context length is " + contextLength
                    + " tokens, which the prompt and the reply share; you asked for " + limit + " tokens in the reply. Set "
                    + param + " to at most " + contextLength + ".");
        }
        try {
            return new SamplingSettings(temperature == null ? 1f : temperature.floatValue(),
                    topP == null ? 1f : topP.floatValue(),
                    limit == null ? ServerModel.MAX_REPLY_TOKENS : limit,
                    stops(),
                    seed == null ? ThreadLocalRandom.current().nextLong() : seed,
                    Boolean.TRUE.equals(ignoreEos));
        } catch (IllegalArgumentException e) {
            // SamplingSettings names the setting the way the OpenAI API does
            throw InvalidRequestException.of(null, e.getMessage());
        }
    }

    /** {@code stop} is a string or an array of strings. */
    private List<String> stops() {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isString()) {
            return List.of(stop.stringValue());
        }
        List<String> stops = new ArrayList<>();
        if (stop.isArray()) {
            for (JsonNode element : stop) {
                if (!element.isString()) {
                    break;
                }
                stops.add(element.stringValue());
            }
        }
        if (!stop.isArray() || stops.size() != stop.size()) {
            throw InvalidRequestException.of("stop", "stop must be a string or an array of strings.");
        }
        return stops;
    }

    /** A user's text must show something and be well-formed Unicode, as on the chat API (no length limit: the prompt keeps what fits). */
    private static String userText(JsonNode content, String param) {
        String text = text(content, param, false);
        String refusal = ChatRequest.refusal(text, Integer.MAX_VALUE);
        if (refusal != null) {
            throw InvalidRequestException.of(param + ".content", refusal.replace("The message", param + ".content"));
        }
        return text;
    }

    /** No lone surrogate, which the tokenizer could only read as a replacement character. */
    private static String wellFormed(String text, String param) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw InvalidRequestException.of(param + ".content", param
                        + ".content is not well-formed Unicode: it has a lone surrogate at index " + i + ".");
            }
        }
        return text;
    }

    private static String text(JsonNode content, String param, boolean mayBeAbsent) {
        if ((content == null || content.isNull()) && mayBeAbsent) {
            return "";
        }
        if (content != null && content.isString()) {
            return content.stringValue();
        }
        if (content != null && content.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asString(null)) || !part.path("text").isString()) {
                    throw InvalidRequestException.of(param + ".content", "Only text content parts are supported.");
                }
                parts.add(part.path("text").stringValue());
            }
            return String.join("\n", parts);
        }
        throw InvalidRequestException.of(param + ".content", param + ".content must be a string or an array of text parts.");
    }
}
