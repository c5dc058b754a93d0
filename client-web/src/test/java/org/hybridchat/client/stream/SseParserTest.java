package org.hybridchat.client.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final SseParser parser = new SseParser();

    @Test
    void each_blank_line_ends_an_event_and_yields_its_data() {
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), parser.feed("data: {\"a\":1}\n\ndata: {\"b\":2}\n\n"));
    }

    @Test
    void an_event_split_anywhere_across_pieces_comes_out_whole_once_complete() {
        String stream = "data: {\"type\":\"RUN_STARTED\"}\n\ndata: second\n\n";
        for (int cut = 0; cut <= stream.length(); cut++) {
            SseParser fresh = new SseParser();
            List<String> events = new ArrayList<>(fresh.feed(stream.substring(0, cut)));
            events.addAll(fresh.feed(stream.substring(cut)));
            assertEquals(List.of("{\"type\":\"RUN_STARTED\"}", "second"), events, "cut at " + cut);
        }
    }

    @Test
    void crlf_and_cr_end_lines_too_even_when_the_lf_arrives_in_the_next_piece() {
        assertEquals(List.of(), parser.feed("data: one\r"));
        assertEquals(List.of("one"), parser.feed("\n\r\n"));
        assertEquals(List.of("two"), parser.feed("data: two\r\r"));
    }

    @Test
    void the_last_event_id_is_that_of_the_last_event_returned_and_carries_over_to_events_without_one() {
        assertEquals("", parser.lastEventId());
        assertEquals(List.of("a", "b"), parser.feed("id: 1-0\ndata: a\n\nid:2-0\ndata: b\n\nid: 3-0\nda"));
        assertEquals("2-0", parser.lastEventId(), "the id of an event not yet complete does not count");
        assertEquals(List.of("c", "d"), parser.feed("ta: c\n\n: ping\n\ndata: d\n\n"));
        assertEquals("3-0", parser.lastEventId());
    }

    @Test
    void comments_and_unused_fields_are_skipped() {
        assertEquals(List.of("x"), parser.feed(": ping\n\nevent: message\nid: 7\nretry: 100\ndata:x\n\n"));
    }

    @Test
    void several_data_lines_join_with_a_newline() {
        assertEquals(List.of("first\nsecond"), parser.feed("data: first\ndata: second\n\n"));
    }

    @Test
    void an_event_without_its_blank_line_is_not_yet_complete() {
        assertEquals(List.of(), parser.feed("data: pending\n"));
    }
}
