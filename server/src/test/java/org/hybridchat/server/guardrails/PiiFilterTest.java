package org.hybridchat.server.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PiiFilterTest {
    private static final String REPLY = "Write to Denis Howe <dbh@doc.ic.ac.uk> or call +44 20 7946 0958 about FOLDOC; "
            + "the card 4242 4242 4242 4242 is a test number, and version 2.0.1 is not a phone.";
    private static final String REDACTED = "Write to Denis Howe <[email]> or call [phone] about FOLDOC; "
            + "the card [card] is a test number, and version 2.0.1 is not a phone.";

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final PiiFilter filter = new PiiFilter(metrics);

    @Test
    void emails_phone_and_card_numbers_are_replaced_and_counted() {
        assertThat(filter.redact(REPLY)).isEqualTo(REDACTED);
        assertThat(metrics.counter("hybridchat.guardrail.redactions", "kind", "email").count()).isEqualTo(1);
        assertThat(metrics.counter("hybridchat.guardrail.redactions", "kind", "phone").count()).isEqualTo(1);
        assertThat(metrics.counter("hybridchat.guardrail.redactions", "kind", "card").count()).isEqualTo(1);
    }

    @RepeatedTest(20)
    void a_reply_streamed_in_any_pieces_comes_out_as_the_whole_redacted_and_no_piece_leaks_a_detail() {
        Random random = new Random();
        PiiFilter.Stream stream = filter.stream();
        StringBuilder out = new StringBuilder();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < REPLY.length(); ) {
            int end = Math.min(REPLY.length(), i + 1 + random.nextInt(6));
            String piece = stream.next(REPLY.substring(i, end));
            sent.add(piece);
            out.append(piece);
            i = end;
        }
        out.append(stream.finish());

        assertThat(out.toString()).isEqualTo(REDACTED);
        assertThat(String.join("", sent)).doesNotContain("dbh@", "7946", "4242");
    }

    @Test
    void text_is_let_out_while_the_reply_is_still_being_written() {
        PiiFilter.Stream stream = filter.stream();
        String first = stream.next("A daemon is a program that is not invoked explicitly, but lies dormant waiting ");
        String second = stream.next("for some condition to occur, such as a file arriving in a spool directory.");

        assertThat(first + second).isNotEmpty().startsWith("A daemon is a program");
        assertThat(first + second + stream.finish()).isEqualTo("A daemon is a program that is not invoked explicitly, "
                + "but lies dormant waiting for some condition to occur, such as a file arriving in a spool directory.");
    }
}
