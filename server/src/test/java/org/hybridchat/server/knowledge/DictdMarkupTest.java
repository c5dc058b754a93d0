package org.hybridchat.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DictdMarkupTest {
    private static final String STORED = """
            RTFM
             /R·T·F·M/, imp.

                [Unix] Abbreviation for ‘Read The Fucking Manual’. Used by {guru}s to
                brush off questions. Compare {Don't do
                that then!}.

                See also {Language List (http://people.ku.edu/~nkinners/LangList)},
                {(lmgtfy.com)} and {guru}.

            """;

    @Test
    void display_text_drops_the_headword_lines_and_braces_and_reflows_paragraphs() {
        assertThat(DictdMarkup.displayText(STORED)).isEqualTo("""
                [Unix] Abbreviation for ‘Read The Fucking Manual’. Used by gurus to brush off questions.\
                 Compare Don't do that then!.

                See also Language List (http://people.ku.edu/~nkinners/LangList), (lmgtfy.com) and guru.""");
    }

    @Test
    void cross_references_are_the_braced_headwords_once_each_without_links_to_web_pages() {
        assertThat(DictdMarkup.crossReferences(STORED)).containsExactly("guru", "Don't do that then!");
    }
}
