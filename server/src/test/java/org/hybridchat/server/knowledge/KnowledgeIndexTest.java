package org.hybridchat.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the index answers from the shipped FOLDOC and Jargon File. */
class KnowledgeIndexTest {
    private final KnowledgeIndex index = ShippedDictionaries.index();

    @Test
    void an_entry_whose_headword_is_the_term_comes_first_before_entries_that_only_mention_it() {
        List<Hit> hits = index.search("compiler", 5);

        assertThat(hits.getFirst().entry().headword()).isEqualTo("compiler");
        assertThat(hits.getFirst().match()).isEqualTo(Hit.Match.HEADWORD);
        assertThat(hits.subList(1, hits.size())).extracting(Hit::match).doesNotContain(Hit.Match.HEADWORD)
                .contains(Hit.Match.TEXT);
    }

    @Test
    void questions_are_answered_with_the_entry_for_the_term_they_ask_about() {
        assertThat(index.define("what is a compiler?")).get().extracting(Entry::headword).isEqualTo("compiler");
        assertThat(index.define("explain what RTFM means")).get().extracting(Entry::headword).isEqualTo("RTFM");
        assertThat(index.define("what does RTFM stand for?")).get().extracting(Entry::headword).isEqualTo("RTFM");
        assertThat(index.define("tell me about the kernel")).get().extracting(Entry::headword).isEqualTo("kernel");
        assertThat(index.define("define foo bar")).get().extracting(Entry::headwords).asList().contains("foobar");
    }

    @Test
    void a_plural_finds_the_singular_headword() {
        assertThat(index.define("compilers")).get().extracting(Entry::headword).isEqualTo("compiler");
        assertThat(index.define("what are daemons?")).get().extracting(Entry::headword).isEqualTo("daemon");
        assertThat(index.search("daemons", 1)).extracting(Hit::match).containsExactly(Hit.Match.HEADWORD_VARIANT);
    }

    @Test
    void a_misspelt_headword_is_still_found() {
        assertThat(index.define("compilr")).get().extracting(Entry::headword).isEqualTo("compiler");
        assertThat(index.define("what is recursoin?")).get().extracting(Entry::headword).isEqualTo("recursion");
        assertThat(index.define("expalin recursoin")).get().extracting(Entry::headword).isEqualTo("recursion");
        assertThat(index.search("recursoin", 1)).extracting(Hit::match).containsExactly(Hit.Match.CLOSE_HEADWORD);
    }

    @Test
    void a_made_up_term_gets_no_definition_even_though_search_still_lists_what_it_can() {
        assertThat(index.define("florbix quantulator")).isEmpty();
        assertThat(index.define("what is a florbix quantulator?")).isEmpty();
        assertThat(index.define("what is a quantum florbix compiler?")).isEmpty();
        assertThat(index.search("what is a quantum florbix compiler?", 5))
                .isNotEmpty().extracting(Hit::match).containsOnly(Hit.Match.TEXT);
    }

    @Test
    void define_gives_search_s_first_hit_when_that_hit_names_an_entry() {
        for (String question : List.of("what is a compiler?", "compilrs", "florbix quantulator", "quantum compiler")) {
            List<Hit> first = index.search(question, 1);
            assertThat(index.define(question)).isEqualTo(
                    first.stream().filter(hit -> hit.match().namesTheEntry()).map(Hit::entry).findFirst());
        }
    }

    @Test
    void a_headword_in_both_dictionaries_is_found_in_both() {
        List<Hit> hits = index.search("daemon", 5);

        assertThat(hits.subList(0, 2)).extracting(hit -> hit.entry().source())
                .containsExactlyInAnyOrder(Source.FOLDOC, Source.JARGON);
        assertThat(hits.subList(0, 2)).extracting(Hit::match).containsOnly(Hit.Match.HEADWORD);
    }

    @Test
    void hits_are_ordered_by_match_then_by_score() {
        List<Hit> hits = index.search("hash table", 10);

        for (int i = 1; i < hits.size(); i++) {
            Hit before = hits.get(i - 1);
            Hit after = hits.get(i);
            assertThat(before.match()).isLessThanOrEqualTo(after.match());
            if (before.match() == Hit.Match.TEXT && after.match() == Hit.Match.TEXT) {
                assertThat(before.score()).isGreaterThanOrEqualTo(after.score());
            }
        }
    }

    @Test
    void an_entry_is_shown_without_dictd_markup_and_lists_its_cross_references() {
        Entry compiler = index.define("compiler").orElseThrow();

        assertThat(compiler.text()).startsWith("<programming, tool> A program that converts another program from"
                + " some source language (or programming language) to machine language (object code).");
        assertThat(compiler.text()).doesNotContain("{", "}", "\n   ");
        assertThat(compiler.crossReferences()).startsWith("source language", "programming language",
                "machine language", "assembly language", "assembler");
    }

    @Test
    void entries_carry_their_dictionary_and_its_licence() {
        Entry foldoc = index.define("compiler").orElseThrow();
        Entry jargon = index.search("hacker", 5).stream().map(Hit::entry)
                .filter(entry -> entry.source() == Source.JARGON).findFirst().orElseThrow();

        assertThat(foldoc.source().dictionaryName()).isEqualTo("The Free On-line Dictionary of Computing");
        assertThat(foldoc.source().license()).startsWith("GNU Free Documentation License");
        assertThat(foldoc.source().licenseUrl()).startsWith("https://www.gnu.org/licenses/fdl");
        assertThat(jargon.source().dictionaryName()).startsWith("The Jargon File");
        assertThat(jargon.source().license()).isEqualTo("Public domain");
        assertThat(jargon.source().licenseUrl()).startsWith("http://catb.org/jargon");
    }

    @Test
    void every_entry_of_both_dictionaries_is_indexed_once_with_its_aliases() {
        // Distinct texts in the .index files, without dictfmt's 00-database entries.
        assertThat(index.size()).isEqualTo(12_014 + 2_307);
        Entry kernel = index.define("kernal").orElseThrow();
        assertThat(kernel.headword()).isEqualTo("kernel");
        assertThat(kernel.aliases()).containsExactly("kernal");
    }
}
