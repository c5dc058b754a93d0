package org.hybridchat.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** What building the index at start-up costs: printed, for the README; bounded only loosely. */
class IndexBuildTest {
    private static final int ROUNDS = 3;

    @Test
    void the_shipped_dictionaries_are_read_and_indexed_in_seconds_into_a_few_megabytes() {
        long readNanos = Long.MAX_VALUE;
        long buildNanos = Long.MAX_VALUE;
        KnowledgeIndex index = null;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            List<Entry> entries = ShippedDictionaries.entries();
            long read = System.nanoTime();
            index = KnowledgeIndex.of(entries);
            long built = System.nanoTime();
            readNanos = Math.min(readNanos, read - start);
            buildNanos = Math.min(buildNanos, built - read);
        }
        long textChars = ShippedDictionaries.entries().stream().mapToLong(entry -> entry.text().length()).sum();
        System.out.printf(Locale.ROOT,
                "Knowledge index: %d entries, %.1f M chars of display text; read+clean %d ms, index %d ms"
                        + " (best of %d); Lucene index %.1f MB in memory%n",
                index.size(), textChars / 1e6, readNanos / 1_000_000, buildNanos / 1_000_000, ROUNDS,
                index.sizeInBytes() / 1e6);

        assertThat(index.sizeInBytes()).isBetween(1_000_000L, 20_000_000L);
    }
}
