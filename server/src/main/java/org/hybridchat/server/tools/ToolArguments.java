package org.hybridchat.server.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.hybridchat.contract.Json;

/**
 * A tool's arguments as JSON Schema declares them, and the check every proposed call passes before
 * it runs: an object with exactly the declared properties, each a non-empty string within its length
 * (of its closed values, of its pattern's characters, where it declares them).
 * Whatever proposed the call (the model, or the rules), its arguments are read here, never trusted.
 */
public record ToolArguments(List<Parameter> parameters) {

    public ToolArguments {
        parameters = List.copyOf(parameters);
    }

    public static ToolArguments of(Parameter... parameters) {
        return new ToolArguments(List.of(parameters));
    }

    /** {@code {"type":"object","properties":{...},"required":[...],"additionalProperties":false}}. */
    public String jsonSchema() {
        StringBuilder properties = new StringBuilder("{");
        StringBuilder required = new StringBuilder("[");
        for (Parameter p : parameters) {
            properties.append(properties.length() > 1 ? "," : "").append(quote(p.name())).append(':')
                    .append(p.jsonSchema());
            required.append(required.length() > 1 ? "," : "").append(quote(p.name()));
        }
        return "{\"type\":\"object\",\"properties\":" + properties.append('}') + ",\"required\":"
                + required.append(']') + ",\"additionalProperties\":false}";
    }

    /**
     * The schema as the model's tool list shows it, in the call's own form: {@code {"term":string}},
     * a closed string as its values ({@code {"scope":"conversation"}}), {@code {}} for none.
     */
    public String signature() {
        return parameters.stream().map(p -> quote(p.name()) + ":" + (p.allowed().isEmpty() ? "string"
                        : p.allowed().stream().map(ToolArguments::quote).collect(Collectors.joining("|"))))
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** The call's arguments, checked; an InvalidArgumentsException says what is wrong. */
    public Map<String, String> read(String json) {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (RuntimeException e) {
            throw new InvalidArgumentsException("The arguments are not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> object)) {
            throw new InvalidArgumentsException("The arguments must be a JSON object.");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (!(object.get(p.name()) instanceof String value) || value.isBlank()) {
                throw new InvalidArgumentsException("'" + p.name() + "' must be a non-empty string.");
            }
            if (value.length() > p.maxLength()) {
                throw new InvalidArgumentsException("'" + p.name() + "' is longer than " + p.maxLength() + " characters.");
            }
            if (!p.allowed().isEmpty() && !p.allowed().contains(value)) {
                throw new InvalidArgumentsException("'" + p.name() + "' must be one of " + p.allowed() + ".");
            }
            if (p.pattern() != null && !value.matches(p.pattern())) {
                throw new InvalidArgumentsException("'" + p.name() + "' must match " + p.pattern() + ".");
            }
            values.put(p.name(), value);
        }
        for (Object name : object.keySet()) {
            if (!values.containsKey(name)) {
                throw new InvalidArgumentsException("There is no argument '" + name + "'.");
            }
        }
        return values;
    }

    /** The arguments as one JSON object, as a call carries them. */
    public static String json(Map<String, String> values) {
        StringBuilder out = new StringBuilder("{");
        values.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append(quote(name)).append(':')
                .append(quote(value)));
        return out.append('}').toString();
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder();
        Json.quote(text, out);
        return out.toString();
    }

    /** The arguments do not fit the tool's schema. */
    public static final class InvalidArgumentsException extends RuntimeException {
        InvalidArgumentsException(String message) {
            super(message);
        }
    }
}
