package org.hybridchat.server.tools;

import java.util.List;
import java.util.stream.Collectors;

import org.hybridchat.server.generation.ToolCallGrammar;

/**
 * One argument of a tool: a string of at most {@code maxLength} characters, required; when
 * {@code allowed} is not empty, one of those values (a closed string, JSON Schema's enum); when
 * {@code quotesMessage}, text taken from the user's message, which a model writing the call is held
 * to ({@link ToolCallGrammar#QUOTES_MESSAGE}), or one of {@code instead}; when {@code pattern} is not
 * null, made only of the characters of one class (JSON Schema's pattern, {@code ^[...]+$}). Every tool
 * here takes text (a term, a query, an expression); a typed value would be one more record.
 */
public record Parameter(String name, String description, int maxLength, List<String> allowed, boolean quotesMessage,
                        List<String> instead, String pattern) {

    public Parameter {
        allowed = List.copyOf(allowed);
        instead = List.copyOf(instead);
    }

    public Parameter(String name, String description, int maxLength) {
        this(name, description, maxLength, List.of(), false, List.of(), null);
    }

    /** A closed string: one of {@code values}. */
    public static Parameter oneOf(String name, String description, String... values) {
        return new Parameter(name, description, List.of(values).stream().mapToInt(String::length).max().orElse(0),
                List.of(values), false, List.of(), null);
    }

    /** Text quoted from the user's message: a term as they wrote it, their arithmetic. */
    public static Parameter quoting(String name, String description, int maxLength) {
        return new Parameter(name, description, maxLength, List.of(), true, List.of(), null);
    }

    /**
     * This quoting parameter, which may also be one of {@code values} (history's "*", all messages):
     * JSON Schema's anyOf, a quote or one of an enum's values.
     */
    public Parameter orExactly(String... values) {
        return new Parameter(name, description, maxLength, allowed, quotesMessage, List.of(values), pattern);
    }

    /**
     * This parameter, holding only the characters of {@code characterClass} (the inside of a regex's
     * [...]): "solve 7^18" is then no expression, so a model writing the call cannot quote the verb.
     */
    public Parameter madeOf(String characterClass) {
        return new Parameter(name, description, maxLength, allowed, quotesMessage, instead, "^[" + characterClass + "]+$");
    }

    /** This parameter as a JSON Schema property. */
    String jsonSchema() {
        String quote = "{\"" + ToolCallGrammar.QUOTES_MESSAGE + "\":true}";
        return "{\"type\":\"string\",\"description\":" + ToolArguments.quote(description)
                + (allowed.isEmpty() ? "" : ",\"enum\":" + values(allowed))
                + ",\"minLength\":1,\"maxLength\":" + maxLength
                + (pattern == null ? "" : ",\"pattern\":" + ToolArguments.quote(pattern))
                + (!quotesMessage ? "" : instead.isEmpty() ? "," + quote.substring(1, quote.length() - 1)
                        : ",\"anyOf\":[" + quote + ",{\"enum\":" + values(instead) + "}]") + "}";
    }

    private static String values(List<String> values) {
        return values.stream().map(ToolArguments::quote).collect(Collectors.joining(",", "[", "]"));
    }
}
