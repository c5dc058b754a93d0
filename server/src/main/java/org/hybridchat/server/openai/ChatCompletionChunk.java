package org.hybridchat.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/** One message of a streamed reply, as OpenAI's {@code chat.completion.chunk} object. */
record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    @JsonNaming(SnakeCaseStrategy.class)
    record Choice(int index, Delta delta, Object logprobs, String finishReason) {}

    /** What the chunk adds to the reply; the last chunk's delta is empty. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(String role, String content) {}
}
