package org.hybridchat.server.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hybridchat.server.dictionaries.TinyDictionary;
import org.hybridchat.server.network.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DictionaryExchangesTest {
    private static final String HACKER = """
            hacker
             n.

                [originally, someone who makes furniture with an axe] A person who
                enjoys exploring the details of programmable systems.

            """;

    @Test
    void each_entry_becomes_questions_answered_by_its_cleaned_first_paragraphs(@TempDir Path folder)
            throws IOException {
        TinyDictionary.write(folder, TinyDictionary.DATABASE_INFO, TinyDictionary.DAEMON, HACKER);

        List<DictionaryExchanges.Exchange> exchanges = DictionaryExchanges.read(folder, TinyDictionary.NAME, 1337);

        assertThat(exchanges).hasSize(2 * DictionaryExchanges.PHRASINGS);
        List<DictionaryExchanges.Exchange> daemon = exchanges.subList(0, DictionaryExchanges.PHRASINGS);
        assertThat(daemon).extracting(DictionaryExchanges.Exchange::question).doesNotHaveDuplicates()
                .allMatch(question -> question.contains("daemon"));
        assertThat(daemon).extracting(DictionaryExchanges.Exchange::answer).containsOnly("A program that is not invoked"
                + " explicitly, but lies dormant waiting for some conditions to occur. For example, under ITS"
                + " writing a file would invoke the spooling daemon.");
        assertThat(exchanges.getLast().answer())
                .isEqualTo("A person who enjoys exploring the details of programmable systems.");
    }

    @Test
    void a_lower_case_headword_is_also_asked_about_with_an_article_as_people_ask() {
        List<String> daemon = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (long seed = 0; seed < 200; seed++) {
            daemon.addAll(DictionaryExchanges.questions("daemon", new Rng(seed)));
            others.addAll(DictionaryExchanges.questions("ethernet", new Rng(seed)));
            others.addAll(DictionaryExchanges.questions("RTFM", new Rng(seed)));
            others.addAll(DictionaryExchanges.questions("a hardware programming language", new Rng(seed)));
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
        TinyDictionary.write(folder, entries);

        List<String> questions = DictionaryExchanges.read(folder, TinyDictionary.NAME, 1).stream().map(DictionaryExchanges.Exchange::question).toList();

        assertThat(DictionaryExchanges.read(folder, TinyDictionary.NAME, 1).stream().map(DictionaryExchanges.Exchange::question))
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

        assertThat(DictionaryExchanges.answer(entry)).isEqualTo("To post an email message intended to insult and provoke.");
    }

    @Test
    void long_answers_are_cut_at_a_sentence_end() {
        String sentence = "This sentence is about forty characters. ";
        String answer = DictionaryExchanges.answer("term\n\n" + sentence.repeat(20));

        assertThat(answer.length()).isLessThanOrEqualTo(DictionaryExchanges.MAX_ANSWER_CHARS);
        assertThat(answer).endsWith("characters.").startsWith(sentence);
    }
}
