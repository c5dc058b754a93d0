package org.hybridchat.server.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hybridchat.server.dictionaries.DictdFile;

/**
 * The dictionaries shipped in the server's resources under {@code knowledge/}: Debian's dictd
 * files, byte for byte, so that a fresh checkout answers from them with no download and anyone
 * can check them against the Debian packages (see the README there).
 */
public final class ShippedDictionaries {
    private static final String FOLDER = "/knowledge/";

    private ShippedDictionaries() {
    }

    /**
     * One index of the shipped text per process: the text never changes while the server runs,
     * and the Spring test contexts of one test run then build it once, not once each.
     */
    public static KnowledgeIndex index() {
        return Shared.INDEX;
    }

    private static final class Shared {
        static final KnowledgeIndex INDEX = KnowledgeIndex.of(entries());
    }

    /** Every entry of FOLDOC and the Jargon File, FOLDOC first. */
    public static List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (Source source : Source.values()) {
            entries.addAll(read(source));
        }
        return entries;
    }

    static List<Entry> read(Source source) {
        String base = FOLDER + source.resourceName();
        try (InputStream index = open(base + ".index"); InputStream dict = open(base + ".dict.dz")) {
            return entries(DictdFile.read(index, dict), source);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shipped dictionary " + base, e);
        }
    }

    /** dictd lists an entry once per alias, each line pointing at the same text: one entry per text here. */
    static List<Entry> entries(List<DictdFile.Entry> lines, Source source) {
        Map<String, List<String>> headwordsByText = new LinkedHashMap<>();
        for (DictdFile.Entry line : lines) {
            List<String> headwords = headwordsByText.computeIfAbsent(line.text(), text -> new ArrayList<>());
            if (headwords.stream().noneMatch(line.headword()::equalsIgnoreCase)) {
                headwords.add(line.headword());
            }
        }
        List<Entry> entries = new ArrayList<>();
        headwordsByText.forEach((text, headwords) -> {
            // The entry's own first line is its name; the index's other lines are aliases.
            String first = text.strip().lines().findFirst().orElse("").strip();
            String headword = headwords.stream().filter(first::equals).findFirst().orElse(headwords.getFirst());
            List<String> aliases = headwords.stream().filter(alias -> !alias.equals(headword)).toList();
            entries.add(new Entry(headword, aliases, DictdMarkup.displayText(text), source,
                    DictdMarkup.crossReferences(text)));
        });
        return entries;
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = ShippedDictionaries.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is not on the class path");
        }
        return in;
    }
}
