package org.hybridchat.client.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonIndentTest {

    @Test
    void an_object_gets_one_member_per_line() {
        assertEquals("{\n  \"expression\": \"6*7\"\n}", JsonIndent.indent("{\"expression\":\"6*7\"}"));
        assertEquals("{\n  \"term\": \"daemon\",\n  \"limit\": 3,\n  \"tags\": [\n    \"a\",\n    true\n  ],\n  \"none\": {}\n}",
                JsonIndent.indent("{ \"term\" : \"daemon\", \"limit\":3,\"tags\":[\"a\",true],\"none\":{ }}"));
    }

    @Test
    void strings_are_kept_as_written_with_their_escapes_spaces_and_punctuation() {
        String json = "{\"q\":\"a, b: {c} [d] \\\"e\\\" \\\\\"}";
        assertEquals("{\n  \"q\": \"a, b: {c} [d] \\\"e\\\" \\\\\"\n}", JsonIndent.indent(json));
    }

    @Test
    void unbalanced_or_unfinished_text_comes_back_unchanged() {
        assertEquals("{\"expression\":\"6*", JsonIndent.indent("{\"expression\":\"6*"));
        assertEquals("{\"a\":1", JsonIndent.indent("{\"a\":1"));
        assertEquals("}{", JsonIndent.indent("}{"));
        assertEquals("", JsonIndent.indent(""));
    }
}
