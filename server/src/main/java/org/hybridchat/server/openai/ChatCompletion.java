package org.hybridchat.server.openai;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/** A whole reply, as OpenAI's {@code chat.completion} object. */
record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    ChatCompletion(String id, long created, String model, String text, String finishReason, Usage usage) {
        this(id, "chat.completion", created, model,
                List.of(new Choice(0, new Message("assistant", text, null), null, finishReason)), usage);
    }

    @JsonNaming(SnakeCaseStrategy.class)
    record Choice(int index, Message message, Object logprobs, String finishReason) {}

    record Message(String role, String content, String refusal) {}
}
