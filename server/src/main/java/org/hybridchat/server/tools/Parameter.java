package org.hybridchat.server.tools;

import java.util.List;
import java.util.stream.Collectors;

import org.hybridchat.server.generation.ToolCallGrammar;

/**
 * One argument of a tool: a string of at most {@code maxLength} characters, required; when
 * {@code allowed} is not empty, one of those values (a closed string, JSON Schema's enum); when
 * {@code quotesMessage}, text taken from the user's message, which a model writing the call is held
 * to ({@link ToolCallGrammar#QUOTES_MESSAGE}); when {@code pattern} is not null, made only of the
 * characters of one class (JSON Schema's pattern, {@code ^[...]+$}). Every tool here takes text (a
 * term, a query, an expression); a typed value would be one more record.
 */
public record Parameter(String name, String description, int maxLength, List<String> allowed, boolean quotesMessage,
                        String pattern) {

    public Parameter {
        allowed = List.copyOf(allowed);
    }

    public Parameter(String name, String description, int maxLength) {
        this(name, description, maxLength, List.of(), false, null);
    }

    /** A closed string: one of {@code values}. */
    public static Parameter oneOf(String name, String description, String... values) {
        return new Parameter(name, description, List.of(values).stream().mapToInt(String::length).max().orElse(0),
                List.of(values), false, null);
    }

    /** Text quoted from the user's message: a term as they wrote it, their arithmetic. */
    public static Parameter quoting(String name, String description, int maxLength) {
        return new Parameter(name, description, maxLength, List.of(), true, null);
    }

    /**
     * This parameter, holding only the characters of {@code characterClass} (the inside of a regex's
     * [...]): "solve 7^18" is then no expression, so a model writing the call cannot quote the verb.
     */
    public Parameter madeOf(String characterClass) {
        return new Parameter(name, description, maxLength, allowed, quotesMessage, "^[" + characterClass + "]+$");
    }

    /** This parameter as a JSON Schema property. */
    String jsonSchema() {
        return "{\"type\":\"string\",\"description\":" + ToolArguments.quote(description)
                + (allowed.isEmpty() ? "" : ",\"enum\":" + allowed.stream().map(ToolArguments::quote)
                        .collect(Collectors.joining(",", "[", "]")))
                + ",\"minLength\":1,\"maxLength\":" + maxLength
                + (pattern == null ? "" : ",\"pattern\":" + ToolArguments.quote(pattern))
                + (quotesMessage ? ",\"" + ToolCallGrammar.QUOTES_MESSAGE + "\":true" : "") + "}";
    }
}
