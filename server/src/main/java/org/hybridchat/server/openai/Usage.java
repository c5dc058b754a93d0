package org.hybridchat.server.openai;

import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/** Tokens read and written for one reply. */
@JsonNaming(SnakeCaseStrategy.class)
record Usage(int promptTokens, int completionTokens, int totalTokens) {

    Usage(int promptTokens, int completionTokens) {
        this(promptTokens, completionTokens, promptTokens + completionTokens);
    }
}
