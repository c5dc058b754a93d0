package org.hybridchat.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.hybridchat.contract.GoldenVectors.Vector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class WireFormatTest {

    @TestFactory
    Stream<DynamicTest> every_event_encodes_to_its_golden_file() {
        return GoldenVectors.EVENTS.stream().map(v -> DynamicTest.dynamicTest(v.file(),
                () -> assertEquals(v.json(), WireFormat.encode(v.event()))));
    }

    @TestFactory
    Stream<DynamicTest> every_golden_file_decodes_to_its_event() {
        return GoldenVectors.EVENTS.stream().map(v -> DynamicTest.dynamicTest(v.file(),
                () -> assertEquals(v.event(), WireFormat.decodeEvent(v.json()))));
    }

    @Test
    void spaces_escapes_and_unknown_optional_fields_decode_to_the_same_event() {
        Vector v = GoldenVectors.NONCANONICAL;
        assertEquals(v.event(), WireFormat.decodeEvent(v.json()));
    }

    @TestFactory
    Stream<DynamicTest> malformed_or_unknown_events_are_refused_with_a_reason() {
        return GoldenVectors.INVALID.stream().map(file -> DynamicTest.dynamicTest(file, () -> {
            WireFormatException e = assertThrows(WireFormatException.class,
                    () -> WireFormat.decodeEvent(GoldenVectors.invalid(file)));
            assertTrue(e.getMessage().length() > 10, e.getMessage());
        }));
    }

    @Test
    void errors_name_what_is_wrong() {
        assertEquals("unknown event type 'TEXT_MESSAGE_DELTA'", message("unknown_type.json"));
        assertEquals("TEXT_MESSAGE_CONTENT needs a string 'delta'", message("missing_field.json"));
        assertEquals("TEXT_MESSAGE_CONTENT needs a string 'delta', not a number", message("wrong_field_type.json"));
        assertEquals("unknown CUSTOM event name 'weather_card'", message("unknown_custom.json"));
        assertEquals("CUSTOM.value needs a whole number 'position' from 0 to 999999999",
                message("queued_negative_position.json"));
        assertEquals("CUSTOM.value needs a string 'name', not a number", message("engine_name_not_a_string.json"));
    }

    @Test
    void numbers_must_follow_the_json_grammar() {
        assertEquals(new StreamEvent.TextMessageEnd("m"),
                WireFormat.decodeEvent("{\"type\":\"TEXT_MESSAGE_END\",\"messageId\":\"m\",\"timestamp\":-1.5e3}"));
        for (String bad : List.of("+1", "01", "1.", ".5", "1e", "-")) {
            assertThrows(WireFormatException.class, () -> WireFormat.decodeEvent(
                    "{\"type\":\"TEXT_MESSAGE_END\",\"messageId\":\"m\",\"timestamp\":" + bad + "}"), bad);
        }
    }

    @Test
    void a_queue_position_is_a_plain_whole_number() {
        for (String bad : List.of("1.5", "1e2", "007", "\"3\"", "null", "1000000000")) {
            assertThrows(WireFormatException.class, () -> WireFormat.decodeEvent(
                    "{\"type\":\"CUSTOM\",\"name\":\"queued\",\"value\":{\"position\":" + bad + "}}"), bad);
        }
        assertEquals(new StreamEvent.Queued(999999999), WireFormat.decodeEvent(
                "{\"type\":\"CUSTOM\",\"name\":\"queued\",\"value\":{\"position\":999999999}}"));
    }

    @TestFactory
    Stream<DynamicTest> every_tool_result_round_trips_through_its_golden_file() {
        return GoldenVectors.TOOL_RESULTS.stream().map(v -> DynamicTest.dynamicTest(v.file(), () -> {
            assertEquals(v.json(), WireFormat.encode(v.result()));
            assertEquals(v.result(), WireFormat.decodeToolResult(v.json()));
        }));
    }

    @Test
    void an_answer_to_an_interrupt_round_trips_and_a_cancelled_one_reads_as_denied() {
        assertEquals(GoldenVectors.resumeRequest(), WireFormat.encode(GoldenVectors.RESUME_REQUEST));
        assertEquals(GoldenVectors.RESUME_REQUEST, WireFormat.decodeChatRequest(GoldenVectors.resumeRequest()));
        assertEquals(new ChatRequest("s", null, List.of(new Resume("i", false))), WireFormat.decodeChatRequest(
                "{\"sessionId\":\"s\",\"resume\":[{\"interruptId\":\"i\",\"status\":\"cancelled\"}]}"));
    }

    @Test
    void a_chat_request_carries_a_message_or_answers_not_both() {
        WireFormatException both = assertThrows(WireFormatException.class, () -> WireFormat.decodeChatRequest(
                "{\"message\":\"hi\",\"resume\":[{\"interruptId\":\"i\",\"status\":\"cancelled\"}]}"));
        assertEquals("chat request has a 'message' and a 'resume': send one or the other", both.getMessage());
        assertThrows(WireFormatException.class, () -> WireFormat.decodeChatRequest("{\"sessionId\":\"s\"}"));
        assertThrows(WireFormatException.class, () -> WireFormat.decodeChatRequest(
                "{\"resume\":[{\"interruptId\":\"i\",\"status\":\"maybe\"}]}"));
    }

    @Test
    void an_unknown_tool_result_is_refused_by_name() {
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> WireFormat.decodeToolResult("{\"type\":\"weather\"}"));
        assertEquals("unknown tool result type 'weather'", e.getMessage());
    }

    @Test
    void the_server_load_round_trips_through_its_golden_file() {
        assertEquals(GoldenVectors.serverLoad(), WireFormat.encode(GoldenVectors.SERVER_LOAD));
        assertEquals(GoldenVectors.SERVER_LOAD, WireFormat.decodeServerLoad(GoldenVectors.serverLoad()));
        assertThrows(WireFormatException.class, () -> WireFormat.decodeServerLoad("{\"active\":1,\"waiting\":0}"));
    }

    @Test
    void a_lone_surrogate_survives_the_round_trip_as_an_escape() {
        var event = new StreamEvent.TextMessageContent("m", "half \ud83d of an emoji");
        String json = WireFormat.encode(event);
        assertTrue(json.contains("\\ud83d"), json);
        assertEquals(event, WireFormat.decodeEvent(json));
    }

    @Test
    void a_chat_request_may_omit_the_session() {
        assertEquals(new ChatRequest(null, "hi"), WireFormat.decodeChatRequest("{\"message\":\"hi\"}"));
        assertEquals("{\"sessionId\":\"s\",\"message\":\"hi\"}", WireFormat.encode(new ChatRequest("s", "hi")));
    }

    @Test
    void a_chat_request_without_a_message_is_refused() {
        assertThrows(WireFormatException.class, () -> WireFormat.decodeChatRequest("{\"sessionId\":\"s\"}"));
        assertThrows(WireFormatException.class, () -> WireFormat.decodeChatRequest("{\"message\":null}"));
    }

    @Test
    void a_conversation_round_trips() {
        var conversation = new Conversation("s-1",
                List.of(ChatMessage.user("what is a daemon?"), ChatMessage.assistant("A program that runs unattended.")));
        String json = WireFormat.encode(conversation);
        assertEquals("{\"sessionId\":\"s-1\",\"messages\":[{\"role\":\"user\",\"content\":\"what is a daemon?\"},"
                + "{\"role\":\"assistant\",\"content\":\"A program that runs unattended.\"}]}", json);
        assertEquals(conversation, WireFormat.decodeConversation(json));
    }

    private static String message(String invalidFile) {
        return assertThrows(WireFormatException.class,
                () -> WireFormat.decodeEvent(GoldenVectors.invalid(invalidFile))).getMessage();
    }
}
