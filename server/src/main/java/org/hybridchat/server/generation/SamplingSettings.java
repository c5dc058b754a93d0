package org.hybridchat.server.generation;

import java.util.List;
import org.hybridchat.server.network.ServerModel;

/**
 * How one reply is sampled. Every reply also draws from only the {@link ServerModel#TOP_K}
 * likeliest tokens, so that a rare, garbled token cannot derail it.
 *
 * @param temperature 0 takes the likeliest token every time; higher values, up to 2, take more risks
 * @param topP        sample from the fewest likeliest tokens whose probabilities add up to this, in (0, 1]
 * @param maxTokens   the reply ends after this many tokens, or sooner at the end of the context
 * @param stop        up to four texts that end the reply where one first appears, left out of it
 * @param seed        the same seed, conversation and settings give the same reply, alone or batched
 * @param ignoreEndOfTurn never end the turn (vLLM's {@code ignore_eos}): the reply runs to
 *                    {@code maxTokens} or the end of the context, as benchmarks want
 */
public record SamplingSettings(float temperature, float topP, int maxTokens, List<String> stop, long seed,
                       boolean ignoreEndOfTurn) {
    public static final float MAX_TEMPERATURE = 2;
    public static final int MAX_STOP_SEQUENCES = 4;
    /** A little below 1: the small model's likeliest tokens read better, without it repeating itself. */
    private static final float CHAT_TEMPERATURE = 0.8f;

    /** Throws IllegalArgumentException naming the setting (as the OpenAI API spells it) that is out of range. */
    public SamplingSettings {
        if (!(temperature >= 0 && temperature <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("temperature must be between 0 and " + MAX_TEMPERATURE + ".");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be greater than 0 and at most 1.");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be at least 1.");
        }
        if (stop.size() > MAX_STOP_SEQUENCES || stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop must be at most " + MAX_STOP_SEQUENCES + " non-empty texts.");
        }
        stop = List.copyOf(stop);
    }

    /** The same settings for the rest of a reply of which {@code written} tokens are written already. */
    public SamplingSettings after(int written) {
        return new SamplingSettings(temperature, topP, Math.max(1, maxTokens - written), stop, seed, ignoreEndOfTurn);
    }

    /** The likeliest token every time, for at most {@code maxTokens}: how tool calls and the answers from their results are written. */
    public static SamplingSettings greedy(int maxTokens) {
        return new SamplingSettings(0, 1f, maxTokens, List.of(), 0, false);
    }

    /** How the chat page's replies are sampled, and the model card's samples. */
    public static SamplingSettings chat(long seed) {
        return new SamplingSettings(CHAT_TEMPERATURE, 1f, ServerModel.MAX_REPLY_TOKENS, List.of(), seed, false);
    }
}
