package org.hybridchat.server.guardrails;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.hybridchat.contract.Pii;
import org.springframework.stereotype.Component;

/**
 * The guardrail on what leaves the server: text the server writes passes here before it is streamed
 * or stored, and email addresses, phone numbers and card numbers become [email], [phone], [card]. It
 * finds them with the contract's {@link Pii}, the detector the page runs before a message leaves the
 * device, and counts each in {@code hybridchat.guardrail.redactions{kind}}.
 */
@Component
public class PiiFilter {
    private final MeterRegistry metrics;

    public PiiFilter(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** The whole text, redacted. */
    public String redact(String text) {
        List<Pii.Finding> findings = Pii.find(text);
        findings.forEach(f -> metrics.counter("hybridchat.guardrail.redactions", "kind",
                f.kind().name().toLowerCase()).increment());
        return findings.isEmpty() ? text : Pii.redact(text, findings);
    }

    /** A filter for one reply streamed in pieces. */
    public Stream stream() {
        return new Stream();
    }

    /**
     * Redacts a reply that arrives in pieces (tokens) without letting a detail out in halves: the last
     * {@value #HELD_BACK} characters are held back until more text shows where they end, since an
     * address or a number can be split across tokens. A detail longer than that is still caught unless
     * it straddles the hold-back boundary; the page never sees a prefix it would have had redacted.
     */
    public final class Stream {
        /** Longer than any phone or card number and than most email addresses. */
        public static final int HELD_BACK = 64;
        private final StringBuilder pending = new StringBuilder();

        private Stream() {
        }

        /** What can be sent now, redacted; may be empty. */
        public String next(String piece) {
            pending.append(piece);
            int cut = safeCut();
            if (cut <= 0) {
                return "";
            }
            String ready = pending.substring(0, cut);
            pending.delete(0, cut);
            return redact(ready);
        }

        /** The rest, at the end of the reply. */
        public String finish() {
            String rest = redact(pending.toString());
            pending.setLength(0);
            return rest;
        }

        /**
         * Where to cut: {@value #HELD_BACK} characters from the end, moved back to a space so that no
         * word is cut, and back before any detail that reaches past the cut.
         */
        private int safeCut() {
            int cut = pending.length() - HELD_BACK;
            if (cut <= 0) {
                return 0;
            }
            while (cut > 0 && !Character.isWhitespace(pending.charAt(cut - 1))) {
                cut--;
            }
            for (Pii.Finding f : Pii.find(pending.toString())) {
                if (f.start() < cut && f.end() > cut) {
                    cut = f.start();
                }
            }
            return cut;
        }
    }
}
