package org.hybridchat.server.dictionaries;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DictdFileTest {

    @Test
    void dictd_numbers_are_base64_with_A_as_zero() {
        assertThat(DictdFile.decodeNumber("A")).isZero();
        assertThat(DictdFile.decodeNumber("/")).isEqualTo(63);
        assertThat(DictdFile.decodeNumber("Ef+S")).isEqualTo(((4 * 64 + 31) * 64 + 62) * 64 + 18);
    }

    @Test
    void questions_name_the_headword_as_the_entry_writes_it_not_as_the_index_lower_cases_it() {
        String entry = "commercial at\n@\nDER\n\n   <protocol> Distinguished Encoding Rules.\n";

        assertThat(DictdFile.headword(entry, "der")).isEqualTo("DER");
        assertThat(DictdFile.headword(entry, "@")).isEqualTo("@");
        assertThat(DictdFile.headword(entry, "unlisted alias")).isEqualTo("unlisted alias");
    }

    @Test
    void every_indexed_entry_is_read_with_its_text_and_the_database_notes_are_left_out(@TempDir Path folder)
            throws IOException {
        TinyDictionary.write(folder, TinyDictionary.DATABASE_INFO, TinyDictionary.DAEMON);

        assertThat(DictdFile.read(folder, TinyDictionary.NAME))
                .containsExactly(new DictdFile.Entry("daemon", "daemon", TinyDictionary.DAEMON));
    }
}
