package org.hybridchat.contract;

import java.util.List;

/**
 * Builds one JSON object in the contract's canonical form: fields in the order put, no spaces, null
 * values left out, so that equal values give equal bytes.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder("{");

    JsonWriter put(String name, String value) {
        return value == null ? this : putRaw(name, quoted(value));
    }

    JsonWriter put(String name, int value) {
        return putRaw(name, Integer.toString(value));
    }

    JsonWriter put(String name, boolean value) {
        return putRaw(name, Boolean.toString(value));
    }

    /** A field whose value is already JSON; a null value leaves the field out. */
    JsonWriter putRaw(String name, String json) {
        if (json == null) {
            return this;
        }
        if (out.length() > 1) {
            out.append(',');
        }
        Json.quote(name, out);
        out.append(':').append(json);
        return this;
    }

    String end() {
        return out.append('}').toString();
    }

    /** A JSON array of values that are already JSON, in order. */
    static String array(List<String> json) {
        return "[" + String.join(",", json) + "]";
    }

    /** A JSON array of strings. */
    static String strings(List<String> values) {
        return array(values.stream().map(JsonWriter::quoted).toList());
    }

    private static String quoted(String value) {
        StringBuilder out = new StringBuilder();
        Json.quote(value, out);
        return out.toString();
    }
}
