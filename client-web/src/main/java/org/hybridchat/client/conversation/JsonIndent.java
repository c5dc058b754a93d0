package org.hybridchat.client.conversation;

/**
 * Lays out a tool call's JSON arguments for people: one member per line, indented by two spaces.
 * It only re-spaces the text, outside strings, and gives back what it got, unchanged, when the text
 * is not balanced JSON (the arguments are still streaming, or the model wrote something else), so it
 * never hides or alters a character of what was sent.
 */
public final class JsonIndent {

    private JsonIndent() {}

    public static String indent(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case ' ', '\t', '\n', '\r' -> { }
                case '"' -> {
                    inString = true;
                    out.append(c);
                }
                case '{', '[' -> {
                    int next = nextNonSpace(json, i + 1);
                    char close = c == '{' ? '}' : ']';
                    if (next < json.length() && json.charAt(next) == close) {
                        out.append(c).append(close);
                        i = next;
                    } else {
                        depth++;
                        out.append(c);
                        newLine(out, depth);
                    }
                }
                case '}', ']' -> {
                    depth--;
                    if (depth < 0) {
                        return json;
                    }
                    newLine(out, depth);
                    out.append(c);
                }
                case ',' -> {
                    out.append(c);
                    newLine(out, depth);
                }
                case ':' -> out.append(": ");
                default -> out.append(c);
            }
        }
        return depth == 0 && !inString ? out.toString() : json;
    }

    private static int nextNonSpace(String json, int from) {
        int i = from;
        while (i < json.length() && " \t\n\r".indexOf(json.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static void newLine(StringBuilder out, int depth) {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }
}
