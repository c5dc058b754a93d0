package org.hybridchat.server.tools;

/**
 * One argument of a tool: a string of at most {@code maxLength} characters, required. Every tool
 * here takes text (a term, a query, an expression); a typed value would be one more record.
 */
public record Parameter(String name, String description, int maxLength) {

    /** This parameter as a JSON Schema property. */
    String jsonSchema() {
        return "{\"type\":\"string\",\"description\":" + ToolArguments.quote(description)
                + ",\"minLength\":1,\"maxLength\":" + maxLength + "}";
    }
}
