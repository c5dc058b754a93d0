package org.hybridchat.server.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.hybridchat.server.tools.ToolArguments.InvalidArgumentsException;
import org.junit.jupiter.api.Test;

class ToolArgumentsTest {
    private static final ToolArguments TERM = ToolArguments.of(new Parameter("term", "the term \"to\" define", 10));

    @Test
    void the_schema_is_json_schema_for_an_object_of_required_strings() {
        assertThat(TERM.jsonSchema()).isEqualTo("{\"type\":\"object\",\"properties\":{\"term\":{\"type\":\"string\","
                + "\"description\":\"the term \\\"to\\\" define\",\"minLength\":1,\"maxLength\":10}},"
                + "\"required\":[\"term\"],\"additionalProperties\":false}");
        assertThat(ToolArguments.of().jsonSchema())
                .isEqualTo("{\"type\":\"object\",\"properties\":{},\"required\":[],\"additionalProperties\":false}");
    }

    @Test
    void arguments_that_fit_are_read_and_written_back_the_same() {
        Map<String, String> read = TERM.read("{\"term\":\"daemon\"}");
        assertThat(read).containsExactly(Map.entry("term", "daemon"));
        assertThat(ToolArguments.json(read)).isEqualTo("{\"term\":\"daemon\"}");
    }

    @Test
    void arguments_that_do_not_fit_are_refused_with_what_is_wrong() {
        assertThatThrownBy(() -> TERM.read("{}")).isInstanceOf(InvalidArgumentsException.class)
                .hasMessage("'term' must be a non-empty string.");
        assertThatThrownBy(() -> TERM.read("{\"term\":42}")).hasMessage("'term' must be a non-empty string.");
        assertThatThrownBy(() -> TERM.read("{\"term\":\"  \"}")).hasMessage("'term' must be a non-empty string.");
        assertThatThrownBy(() -> TERM.read("{\"term\":\"abcdefghijk\"}")).hasMessage("'term' is longer than 10 characters.");
        assertThatThrownBy(() -> TERM.read("{\"term\":\"a\",\"sudo\":\"yes\"}")).hasMessage("There is no argument 'sudo'.");
        assertThatThrownBy(() -> TERM.read("[\"daemon\"]")).hasMessage("The arguments must be a JSON object.");
        assertThatThrownBy(() -> TERM.read("{\"term\":")).hasMessageStartingWith("The arguments are not JSON");
    }

    @Test
    void a_pattern_of_one_character_class_is_declared_and_checked() {
        ToolArguments hex = ToolArguments.of(new Parameter("hex", "hex digits", 8).madeOf("0-9a-f"));

        assertThat(hex.jsonSchema()).contains("\"pattern\":\"^[0-9a-f]+$\"");
        assertThat(hex.read("{\"hex\":\"c0ffee\"}")).containsEntry("hex", "c0ffee");
        assertThatThrownBy(() -> hex.read("{\"hex\":\"coffee\"}")).hasMessage("'hex' must match ^[0-9a-f]+$.");
    }
}
