package org.hybridchat.server.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DictdCorpusTest {
    private static final String DATABASE_INFO = "00-database-info\n  This file was converted by dictfmt.\n";
    private static final String DAEMON = """
            daemon

               <operating system> /day'mn/ A program that is not invoked
               explicitly, but lies dormant waiting for some {condition}s to occur.

               For example, under {ITS} writing a file would invoke the
               spooling daemon.

               (2003-07-05)

            """;
    private static final String HACKER = """
            hacker
             n.

                [originally, someone who makes furniture with an axe] A person who
                enjoys exploring the details of programmable systems.

            """;

    @Test
    void dictd_numbers_are_base64_with_A_as_zero() {
        assertThat(DictdCorpus.decodeNumber("A")).isZero();
        assertThat(DictdCorpus.decodeNumber("/")).isEqualTo(63);
        assertThat(DictdCorpus.decodeNumber("Ef+S")).isEqualTo(((4 * 64 + 31) * 64 + 62) * 64 + 18);
    }

    @Test
    void each_entry_becomes_questions_answered_by_its_cleaned_first_paragraphs(@TempDir Path folder)
            throws IOException {
        writeDictionary(folder, DATABASE_INFO, DAEMON, HACKER);

        List<DictdCorpus.Exchange> exchanges = DictdCorpus.read(folder, "tiny", 1337);

        assertThat(exchanges).hasSize(2 * DictdCorpus.PHRASINGS);
        List<DictdCorpus.Exchange> daemon = exchanges.subList(0, DictdCorpus.PHRASINGS);
        assertThat(daemon).extracting(DictdCorpus.Exchange::question).doesNotHaveDuplicates()
                .allMatch(question -> question.contains("daemon"));
        assertThat(daemon).extracting(DictdCorpus.Exchange::answer).containsOnly("A program that is not invoked"
                + " explicitly, but lies dormant waiting for some conditions to occur. For example, under ITS"
                + " writing a file would invoke the spooling daemon.");
        assertThat(exchanges.getLast().answer())
                .isEqualTo("A person who enjoys exploring the details of programmable systems.");
    }

    @Test
    void questions_name_the_headword_as_the_entry_writes_it_not_as_the_index_lower_cases_it() {
        String entry = "commercial at\n@\nDER\n\n   <protocol> Distinguished Encoding Rules.\n";

        assertThat(DictdCorpus.headword(entry, "der")).isEqualTo("DER");
        assertThat(DictdCorpus.headword(entry, "@")).isEqualTo("@");
        assertThat(DictdCorpus.headword(entry, "unlisted alias")).isEqualTo("unlisted alias");
    }

    @Test
    void a_lower_case_headword_is_also_asked_about_with_an_article_as_people_ask() {
        List<String> daemon = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (long seed = 0; seed < 200; seed++) {
            daemon.addAll(DictdCorpus.questions("daemon", new Rng(seed)));
            others.addAll(DictdCorpus.questions("ethernet", new Rng(seed)));
            others.addAll(DictdCorpus.questions("RTFM", new Rng(seed)));
            others.addAll(DictdCorpus.questions("a hardware programming language", new Rng(seed)));
        }

        assertThat(daemon).contains("what is a daemon?", "what is daemon?", "define daemon");
        assertThat(others).contains("what's an ethernet?", "What does RTFM mean?")
                .noneMatch(q -> q.contains("a RTFM") || q.contains("an RTFM") || q.contains("a a "));
    }

    @Test
    void questions_vary_in_phrasing_but_the_same_seed_phrases_them_the_same_way(@TempDir Path folder)
            throws IOException {
        String[] entries = new String[30];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = "word" + i + "\n\n   A definition of word " + i + ".\n";
        }
        writeDictionary(folder, entries);

        List<String> questions = DictdCorpus.read(folder, "tiny", 1).stream().map(DictdCorpus.Exchange::question).toList();

        assertThat(DictdCorpus.read(folder, "tiny", 1).stream().map(DictdCorpus.Exchange::question))
                .containsExactlyElementsOf(questions);
        assertThat(questions).anyMatch(q -> q.startsWith("what is ")).anyMatch(q -> q.startsWith("define "));
    }

    @Test
    void of_numbered_senses_only_the_first_is_kept() {
        String entry = """
                flame

                    [at MIT, orig. from the phrase flaming asshole]

                    1. vi. To post an email message intended to insult and provoke. 2. vi. To
                    speak incessantly on some relatively uninteresting subject.

                    3. vt. Either of senses 1 or 2, directed with hostility.
                """;

        assertThat(DictdCorpus.answer(entry)).isEqualTo("To post an email message intended to insult and provoke.");
    }

    @Test
    void long_answers_are_cut_at_a_sentence_end() {
        String sentence = "This sentence is about forty characters. ";
        String answer = DictdCorpus.answer("term\n\n" + sentence.repeat(20));

        assertThat(answer.length()).isLessThanOrEqualTo(DictdCorpus.MAX_ANSWER_CHARS);
        assertThat(answer).endsWith("characters.").startsWith(sentence);
    }

    /** A dictd dictionary "tiny" holding these entries, indexed by their first line. */
    private static void writeDictionary(Path folder, String... entries) throws IOException {
        StringBuilder index = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (String entry : entries) {
            int offset = text.toString().getBytes(StandardCharsets.UTF_8).length;
            int length = entry.getBytes(StandardCharsets.UTF_8).length;
            index.append(entry.lines().findFirst().orElseThrow()).append('\t')
                    .append(base64(offset)).append('\t').append(base64(length)).append('\n');
            text.append(entry);
        }
        Files.writeString(folder.resolve("tiny.index"), index);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve("tiny.dict.dz")))) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String base64(long value) {
        String digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        String result = "";
        do {
            result = digits.charAt((int) (value % 64)) + result;
            value /= 64;
        } while (value > 0);
        return result;
    }
}
