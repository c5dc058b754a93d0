package org.hybridchat.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed access to a decoded JSON object's fields, with errors that name the field and the message. */
record JsonFields(Map<String, Object> map, String what) {

    /** {@code value}'s fields, if it is a JSON object; {@code what} names it in errors. */
    @SuppressWarnings("unchecked")
    static JsonFields of(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return new JsonFields((Map<String, Object>) map, what);
        }
        throw new WireFormatException("a " + what + " must be a JSON object");
    }

    JsonFields named(String type) {
        return new JsonFields(map, type);
    }

    String string(String name) {
        Object v = map.get(name);
        if (v instanceof String s) {
            return s;
        }
        throw new WireFormatException(what + " needs a string '" + name + "'"
                + (v == null ? "" : ", not " + describe(v)));
    }

    boolean has(String name) {
        return map.get(name) != null;
    }

    boolean bool(String name) {
        if (map.get(name) instanceof Boolean b) {
            return b;
        }
        throw new WireFormatException(what + " needs a boolean '" + name + "'");
    }

    List<String> strings(String name) {
        List<String> strings = new ArrayList<>();
        for (Object item : list(name)) {
            if (!(item instanceof String s)) {
                throw new WireFormatException(what + " needs '" + name + "' to hold only strings");
            }
            strings.add(s);
        }
        return strings;
    }

    String optionalString(String name) {
        return map.get(name) == null ? null : string(name);
    }

    /** A whole number from 0 to 999,999,999: positions and counts. */
    int count(String name) {
        if (map.get(name) instanceof Json.Number number && isCount(number.text())) {
            return Integer.parseInt(number.text());
        }
        throw new WireFormatException(what + " needs a whole number '" + name + "' from 0 to 999999999");
    }

    // by hand, not a regex: TeaVM would ship a regex engine to the browser for it
    private static boolean isCount(String digits) {
        if (digits.length() > 9 || digits.length() > 1 && digits.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    JsonFields object(String name) {
        Object v = map.get(name);
        if (v == null) {
            throw new WireFormatException(what + " needs an object '" + name + "'");
        }
        return of(v, what + "." + name);
    }

    List<?> list(String name) {
        if (map.get(name) instanceof List<?> list) {
            return list;
        }
        throw new WireFormatException(what + " needs an array '" + name + "'");
    }

    private static String describe(Object v) {
        return v instanceof Map ? "an object" : v instanceof List ? "an array"
                : v instanceof Json.Number ? "a number" : v instanceof Boolean ? "a boolean" : "a value";
    }
}
