package org.hybridchat.server.generation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

import org.hybridchat.contract.Json;
import org.hybridchat.server.network.BpeTokenizer;

/**
 * Constrained decoding of a tool call, {@code name {"key":value,...}}: at each step only the tokens
 * that keep the text a prefix of some schema-valid call may be sampled, and the end of the turn only
 * once the call is complete. So a call the model writes always parses and fits its tool's schema.
 *
 * <p>Generic over JSON Schema as the registry writes it: per tool an object of properties, each a
 * string (with {@code minLength}, {@code maxLength}, a closed set of {@code enum} values, or a
 * {@code pattern} of one character class, {@code ^[...]+$}), an integer, a number or a boolean; which are {@code required}; no others. The call is compact JSON,
 * no spaces, as the model was trained to write it. The check runs over bytes, because a BPE token
 * is a run of bytes that may end inside a character or cross from a key into its value.
 *
 * <p>A string declared {@value #QUOTES_MESSAGE} is text quoted from the user's message (a term, an
 * expression): its value must also be a piece of that message ({@link #quoting}), or, declared as
 * {@code "anyOf":[{"x-quotes-message":true},{"enum":[...]}]}, one of those values instead (history's
 * {@code "*"}). A small model
 * copies a word into a JSON string poorly, because byte-level BPE spells " compiler" after a space
 * and "compiler" after a quote with different tokens; the grammar makes the copy exact, and the
 * model still chooses where the quote begins and ends.
 */
public final class ToolCallGrammar {

    private enum Type { STRING, INTEGER, NUMBER, BOOLEAN }

    /** The JSON Schema keyword (an annotation, which validators ignore) of a string quoted from the user's message. */
    public static final String QUOTES_MESSAGE = "x-quotes-message";

    /**
     * {@code characters}: which characters the value may hold, null for any; {@code instead}: the values
     * a quoted string may be instead of a piece of the message.
     */
    private record Property(byte[] name, Type type, List<byte[]> allowed, int minLength, int maxLength, boolean quoted,
                            List<byte[]> instead, CharacterClass characters) {}

    private record ObjectSchema(List<Property> properties, long required) {

        /**
         * This schema without the quoted properties the message has no piece for (a message without
         * digits holds no expression); null when one of them is required: a call begun there could
         * neither go on nor end.
         */
        ObjectSchema quotable(QuotedMessage message) {
            List<Property> kept = new ArrayList<>();
            long keptRequired = 0;
            for (int i = 0; i < properties.size(); i++) {
                Property p = properties.get(i);
                boolean isRequired = (required & 1L << i) != 0;
                if (p.quoted() && p.instead().isEmpty()
                        && !message.hasPiece(new byte[0], 0, false, p.maxLength(), p.characters())) {
                    if (isRequired) {
                        return null;
                    }
                    continue;
                }
                keptRequired |= isRequired ? 1L << kept.size() : 0;
                kept.add(p);
            }
            return new ObjectSchema(kept, keptRequired);
        }
    }

    private final SequencedMap<String, ObjectSchema> tools = new LinkedHashMap<>();
    private final List<byte[]> toolNames = new ArrayList<>();
    /** Each token's bytes; null for the markers. */
    private final byte[][] tokens;
    /** What quoted values are pieces of; null before {@link #quoting}, when they are free strings. */
    private final QuotedMessage message;

    private ToolCallGrammar(byte[][] tokens, QuotedMessage message) {
        this.tokens = tokens;
        this.message = message;
    }

    /**
     * This grammar for a call that answers {@code message}: quoted values must be pieces of it, and
     * only the tools whose required quotes it can fill may be called.
     */
    public ToolCallGrammar quoting(String message) {
        QuotedMessage quoted = new QuotedMessage(message);
        ToolCallGrammar quoting = new ToolCallGrammar(tokens, quoted);
        tools.forEach((name, schema) -> {
            ObjectSchema quotable = schema.quotable(quoted);
            if (quotable != null) {
                quoting.tools.put(name, quotable);
                quoting.toolNames.add(utf8(name));
            }
        });
        return quoting;
    }

    /** The grammar of calls to these tools (name to its arguments' JSON Schema), over this tokenizer's tokens. */
    public static ToolCallGrammar of(Map<String, String> schemas, BpeTokenizer tokenizer) {
        byte[][] tokens = new byte[tokenizer.vocabSize()][];
        for (int t = 0; t < tokens.length; t++) {
            tokens[t] = BpeTokenizer.isSpecial(t) ? null : tokenizer.bytes(t);
        }
        ToolCallGrammar grammar = new ToolCallGrammar(tokens, null);
        schemas.forEach((name, schema) -> {
            grammar.tools.put(name, objectSchema(name, Json.parse(schema)));
            grammar.toolNames.add(utf8(name));
        });
        return grammar;
    }

    private static ObjectSchema objectSchema(String tool, Object schema) {
        if (!(schema instanceof Map<?, ?> object) || !"object".equals(object.get("type"))
                || !Boolean.FALSE.equals(object.get("additionalProperties"))) {
            throw new IllegalArgumentException(tool + ": a call's arguments must be an object with no other properties");
        }
        List<Property> properties = new ArrayList<>();
        long required = 0;
        List<?> requiredNames = object.get("required") instanceof List<?> r ? r : List.of();
        Map<?, ?> declared = object.get("properties") instanceof Map<?, ?> p ? p : Map.of();
        for (Map.Entry<?, ?> entry : declared.entrySet()) {
            Map<?, ?> property = (Map<?, ?>) entry.getValue();
            Type type = switch (String.valueOf(property.get("type"))) {
                case "string" -> Type.STRING;
                case "integer" -> Type.INTEGER;
                case "number" -> Type.NUMBER;
                case "boolean" -> Type.BOOLEAN;
                default -> throw new IllegalArgumentException(tool + ": unsupported type " + property.get("type"));
            };
            boolean quoted = Boolean.TRUE.equals(property.get(QUOTES_MESSAGE));
            List<byte[]> instead = List.of();
            if (property.get("anyOf") instanceof List<?> alternatives) {
                // the one union read: a quote from the message, or one of some values
                if (alternatives.size() != 2 || !(alternatives.get(0) instanceof Map<?, ?> quote)
                        || !quote.equals(Map.of(QUOTES_MESSAGE, true)) || !(alternatives.get(1) instanceof Map<?, ?> closed)
                        || closed.size() != 1 || values(closed).isEmpty()) {
                    throw new IllegalArgumentException(tool + ": anyOf must be [{\"" + QUOTES_MESSAGE
                            + "\":true},{\"enum\":[...]}]: " + alternatives);
                }
                quoted = true;
                instead = values(closed);
            }
            if (requiredNames.contains(entry.getKey())) {
                required |= 1L << properties.size();
            }
            properties.add(new Property(utf8(String.valueOf(entry.getKey())), type, values(property),
                    count(property.get("minLength"), 0), count(property.get("maxLength"), Integer.MAX_VALUE),
                    quoted, instead, CharacterClass.of(tool, property.get("pattern"))));
        }
        return new ObjectSchema(properties, required);
    }

    /** A schema's {@code enum}, byte for byte as the model writes the values (so: none that JSON escapes). */
    private static List<byte[]> values(Map<?, ?> schema) {
        return schema.get("enum") instanceof List<?> values ? values.stream().map(v -> utf8(String.valueOf(v))).toList()
                : List.of();
    }

    private static int count(Object number, int otherwise) {
        return number instanceof Json.Number n ? Integer.parseInt(n.text()) : otherwise;
    }

    /** A call being written, from its first byte. */
    public Call start() {
        return new Call();
    }

    private enum Phase { NAME, OPEN, FIRST_KEY, KEY, COLON, VALUE, STRING, NUMBER, LITERAL, NEXT, NEXT_KEY, DONE }

    /** Where a call being written has got: which part it is in and what that part holds so far. */
    public final class Call {
        private Phase phase = Phase.NAME;
        /** The name, key, closed string or literal being read. */
        private byte[] part = new byte[16];
        private int partLength;
        private ObjectSchema tool;
        private Property property;
        private long used;
        /** Characters of the string value so far (UTF-16 units, as Java and JSON Schema count them). */
        private int characters;
        private boolean nonBlank;
        /** Inside a string: 0 normal, 1 after a backslash, 2-5 reading the hex digits of a \\u escape. */
        private int escape;
        /** Inside a string: the continuation bytes the character being read still needs. */
        private int pending;
        /** The character being read, from its UTF-8 bytes or its \\u escape. */
        private int codePoint;
        /** The smallest character its UTF-8 length may spell: a shorter form would be overlong, which UTF-8 forbids. */
        private int smallest;
        private boolean digits;
        private boolean fraction;
        private boolean leadingZero;

        private Call() {
        }

        private Call copy() {
            Call copy = new Call();
            copy.phase = phase;
            copy.part = part.clone();
            copy.partLength = partLength;
            copy.tool = tool;
            copy.property = property;
            copy.used = used;
            copy.characters = characters;
            copy.nonBlank = nonBlank;
            copy.escape = escape;
            copy.pending = pending;
            copy.codePoint = codePoint;
            copy.smallest = smallest;
            copy.digits = digits;
            copy.fraction = fraction;
            copy.leadingZero = leadingZero;
            return copy;
        }

        /** Whether the call is whole: the end of the turn may follow. */
        public boolean complete() {
            return phase == Phase.DONE;
        }

        /** Sets to -infinity the logits of every token that cannot come next: {@code vocabulary} values from {@code offset}. */
        public void mask(float[] logits, int offset) {
            boolean any = false;
            for (int token = 0; token < tokens.length; token++) {
                boolean allowed = token == BpeTokenizer.END_OF_TURN ? complete()
                        : tokens[token] != null && copy().acceptsAll(tokens[token]);
                if (!allowed) {
                    logits[offset + token] = Float.NEGATIVE_INFINITY;
                }
                any |= allowed;
            }
            if (!any) {
                // nothing can go on (a quote the message has no text for): the call ends unfinished, unread
                logits[offset + BpeTokenizer.END_OF_TURN] = 0;
            }
        }

        /** Moves past a token that {@link #mask} allowed. */
        public void accept(int token) {
            if (!acceptsAll(tokens[token])) {
                throw new IllegalStateException("token " + token + " does not continue the call");
            }
        }

        private boolean acceptsAll(byte[] bytes) {
            for (byte b : bytes) {
                if (!step(b & 0xFF)) {
                    return false;
                }
            }
            return true;
        }

        private boolean step(int b) {
            return switch (phase) {
                case NAME -> b == ' ' ? endName() : grow(b, toolNames);
                case OPEN -> expect(b, '{', Phase.FIRST_KEY);
                case FIRST_KEY -> b == '}' ? close() : b == '"' && startKey();
                case KEY -> b == '"' ? endKey() : grow(b, remainingKeys());
                case COLON -> expect(b, ':', Phase.VALUE);
                case VALUE -> startValue(b);
                case STRING -> string(b);
                case NUMBER -> number(b);
                case LITERAL -> literal(b);
                case NEXT -> b == '}' ? close() : b == ',' && hasRemainingKeys() && to(Phase.NEXT_KEY);
                case NEXT_KEY -> b == '"' && startKey();
                case DONE -> false;
            };
        }

        private boolean endName() {
            tool = tools.get(new String(part, 0, partLength, StandardCharsets.UTF_8));
            return tool != null && to(Phase.OPEN);
        }

        private boolean startKey() {
            partLength = 0;
            return hasRemainingKeys() && to(Phase.KEY);
        }

        private boolean endKey() {
            for (int i = 0; i < tool.properties().size(); i++) {
                Property p = tool.properties().get(i);
                if ((used & 1L << i) == 0 && Arrays.equals(p.name(), 0, p.name().length, part, 0, partLength)) {
                    used |= 1L << i;
                    property = p;
                    return to(Phase.COLON);
                }
            }
            return false;
        }

        private boolean startValue(int b) {
            partLength = 0;
            characters = 0;
            nonBlank = false;
            escape = 0;
            pending = 0;
            digits = false;
            fraction = false;
            leadingZero = false;
            return switch (property.type()) {
                case STRING -> b == '"' && to(Phase.STRING);
                case INTEGER, NUMBER -> (b == '-' || isDigit(b)) && to(Phase.NUMBER) && (b == '-' || number(b));
                case BOOLEAN -> to(Phase.LITERAL) && literal(b);
            };
        }

        /** A byte of a string value: valid JSON string content, and for a quoted value a run of the message's words. */
        private boolean string(int b) {
            if (!property.quoted() || message == null) {
                return stringContent(b);
            }
            if (b == '"' && escape == 0 && pending == 0) {
                return partLength > 0 && quotable(true) && stringContent(b);
            }
            if (partLength == part.length) {
                part = Arrays.copyOf(part, 2 * part.length);
            }
            part[partLength++] = (byte) b;
            return quotable(false) && stringContent(b);
        }

        /** Whether the value so far begins (or, {@code whole}, is) a piece of the message or one of the values instead. */
        private boolean quotable(boolean whole) {
            if (message.hasPiece(part, partLength, whole, property.maxLength(), property.characters())) {
                return true;
            }
            for (byte[] value : property.instead()) {
                if ((whole ? value.length == partLength : value.length >= partLength)
                        && Arrays.equals(value, 0, partLength, part, 0, partLength)) {
                    return true;
                }
            }
            return false;
        }

        private boolean stringContent(int b) {
            if (pending > 0) {
                codePoint = codePoint << 6 | (b & 0x3F);
                return (b & 0xC0) == 0x80 && canStillBe(6 * --pending, true) && (pending > 0 || character(codePoint));
            }
            if (escape == 1) {
                escape = b == 'u' ? 2 : 0;
                codePoint = 0;
                int escaped = "\"\\/bfnrt".indexOf(b);
                return b == 'u' || escaped >= 0 && character("\"\\/\b\f\n\r\t".charAt(escaped));
            }
            if (escape >= 2) {
                int digit = Character.digit(b, 16);
                codePoint = codePoint << 4 | Math.max(0, digit);
                escape = escape == 5 ? 0 : escape + 1;
                return digit >= 0 && (escape != 0 ? canStillBe(4 * (6 - escape), false) : character(codePoint));
            }
            if (b == '"') {
                boolean fits = property.allowed().isEmpty()
                        ? characters >= Math.max(1, property.minLength()) && nonBlank
                        : property.allowed().stream().anyMatch(v -> Arrays.equals(v, 0, v.length, part, 0, partLength));
                return fits && to(Phase.NEXT);
            }
            if (!property.allowed().isEmpty()) {
                return grow(b, property.allowed()); // a closed string is one of its values, byte for byte
            }
            if (b == '\\') {
                escape = 1;
                return characters < property.maxLength();
            }
            if (b < 0x80) {
                return b >= 0x20 && character(b);
            }
            // the lead byte of a two-, three- or four-byte character; anything else is not UTF-8
            int length = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
            pending = length - 1;
            codePoint = b & (0x7F >> length);
            smallest = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
            return length > 0 && characters + (length == 4 ? 2 : 1) <= property.maxLength()
                    && canStillBe(6 * pending, true);
        }

        /**
         * Whether the character being read, {@code bitsToCome} bits short, can still be one that UTF-8
         * may spell (no overlong form, no surrogate, none past U+10FFFF) and the pattern allows; else
         * the value could neither go on nor end.
         */
        private boolean canStillBe(int bitsToCome, boolean utf8) {
            int from = codePoint << bitsToCome;
            int to = from | (1 << bitsToCome) - 1;
            if (utf8) {
                from = Math.max(from, smallest);
                to = Math.min(to, Character.MAX_CODE_POINT);
                if (from > to || from >= Character.MIN_SURROGATE && to <= Character.MAX_SURROGATE) {
                    return false;
                }
            }
            return property.characters() == null || property.characters().allowsSomeOf(from, to,
                    characters + 1 == property.maxLength() && !nonBlank);
        }

        /**
         * Counts a character in UTF-16 units, as Java and JSON Schema's lengths do, if its pattern
         * allows it. A value must not be blank, so the last character that fits must not leave it
         * blank, or it could not end.
         */
        private boolean character(int codePoint) {
            if (property.characters() != null && !property.characters().allows(codePoint)) {
                return false;
            }
            characters += Character.charCount(codePoint);
            nonBlank |= !Character.isWhitespace(codePoint);
            return characters < property.maxLength() || characters == property.maxLength() && nonBlank;
        }

        private boolean number(int b) {
            if (isDigit(b)) {
                if (leadingZero) {
                    return false; // JSON writes no 01: after a leading 0 comes a point or the end
                }
                leadingZero = !digits && !fraction && b == '0';
                digits = true;
                return true;
            }
            if (b == '.' && property.type() == Type.NUMBER && digits && !fraction) {
                fraction = true;
                digits = false;
                leadingZero = false;
                return true;
            }
            return digits && (b == ',' || b == '}') && to(Phase.NEXT) && step(b);
        }

        private boolean literal(int b) {
            if (grow(b, List.of(utf8("true"), utf8("false")))) {
                if (Arrays.equals(part, 0, partLength, utf8("true"), 0, 4)
                        || Arrays.equals(part, 0, partLength, utf8("false"), 0, 5)) {
                    phase = Phase.NEXT;
                }
                return true;
            }
            return false;
        }

        private boolean close() {
            return (used & tool.required()) == tool.required() && to(Phase.DONE);
        }

        private boolean hasRemainingKeys() {
            return Long.bitCount(used) < tool.properties().size();
        }

        private List<byte[]> remainingKeys() {
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < tool.properties().size(); i++) {
                if ((used & 1L << i) == 0) {
                    keys.add(tool.properties().get(i).name());
                }
            }
            return keys;
        }

        /** Adds the byte to the part, if the part is then still the start of one of the candidates. */
        private boolean grow(int b, List<byte[]> candidates) {
            if (partLength == part.length) {
                part = Arrays.copyOf(part, 2 * part.length);
            }
            part[partLength++] = (byte) b;
            for (byte[] candidate : candidates) {
                if (candidate.length >= partLength && Arrays.equals(candidate, 0, partLength, part, 0, partLength)) {
                    return true;
                }
            }
            return false;
        }

        private boolean expect(int b, char expected, Phase next) {
            return b == expected && to(next);
        }

        private boolean to(Phase next) {
            phase = next;
            return true;
        }
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
