package org.hybridchat.server.knowledge;

/**
 * An entry found for a query, how it was found, and its BM25 score for the query's term over the
 * entry's headwords and text (comparable only within one query's hits).
 */
public record Hit(Entry entry, Match match, float score) {
    /** From most to least certain; hits are ordered by match first, then by score. */
    public enum Match {
        /** The term is a headword, as written (case aside). */
        HEADWORD,
        /** The term is a headword in another form: plural, hyphenated, quoted. */
        HEADWORD_VARIANT,
        /** The term is a headword misspelt by a slip or two. */
        CLOSE_HEADWORD,
        /** The term's words occur in the entry: related, but not necessarily what was asked. */
        TEXT;

        /** Whether the entry is the one the term names, so that it may be given as a definition. */
        public boolean namesTheEntry() {
            return this != TEXT;
        }
    }
}
