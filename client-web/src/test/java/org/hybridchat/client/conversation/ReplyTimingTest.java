package org.hybridchat.client.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplyTimingTest {

    @Test
    void a_finished_reply_says_where_it_was_computed_its_duration_and_its_first_token() {
        ReplyTiming timing = new ReplyTiming("server", 1000);
        timing.token(1095.4);
        timing.token(1500);

        assertEquals("server · 1.84 s · first token 95 ms", timing.finished(2840));
    }

    @Test
    void a_reply_an_upstream_engine_wrote_names_it_and_one_that_moved_names_both_in_order() {
        ReplyTiming upstream = new ReplyTiming("server", 1000);
        upstream.engine("gpu-1");
        ReplyTiming moved = new ReplyTiming("server", 1000);
        moved.engine("gpu-1");
        moved.engine("gpu-1");
        moved.engine("local");

        assertEquals("server (gpu-1) · 1.23 s", upstream.finished(2230));
        assertEquals("server (gpu-1 → local) · 1.23 s", moved.finished(2230));
        assertEquals("server (gpu-1 → local) · failed after 0.31 s", moved.failed(1310));
    }

    @Test
    void durations_show_two_decimals_of_a_second() {
        assertEquals("device · 0.05 s", new ReplyTiming("device", 0).finished(49.6));
        assertEquals("server · 12.00 s", new ReplyTiming("server", 0).finished(11_999));
    }

    @Test
    void a_failed_reply_says_after_how_long() {
        assertEquals("server · failed after 0.31 s", new ReplyTiming("server", 200).failed(510));
    }

    @Test
    void an_answer_from_the_device_is_timed_in_milliseconds() {
        ReplyTiming timing = new ReplyTiming("device", 1000);

        assertEquals("device · 0.3 ms", timing.onDevice(1000.3, false));
        assertEquals("device · 12 ms · offline: answered on this device", timing.onDevice(1012.4, true));
    }

    @Test
    void milliseconds_show_a_tenth_below_ten() {
        assertEquals("0.0 ms", ReplyTiming.milliseconds(0.04));
        assertEquals("9.9 ms", ReplyTiming.milliseconds(9.94));
        assertEquals("10 ms", ReplyTiming.milliseconds(9.96));
    }
}
