package org.hybridchat.server.dictionaries;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a dictd dictionary (FOLDOC, the Jargon File): NAME.index, lines of
 * {@code headword TAB offset TAB length} with the numbers in base 64 (digits {@code A-Za-z0-9+/}),
 * and NAME.dict.dz, the gzip-compressed text the offsets point into. Each entry starts with its
 * headword (and pronunciation) lines, then a blank line, then the definition's paragraphs.
 */
public final class DictdFile {
    private static final String BASE64_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /**
     * One index line's entry: the headword as the index has it (lower case), as the entry writes it,
     * and the entry's text with its markup. An entry with aliases appears once per alias.
     */
    public record Entry(String indexed, String headword, String text) {
    }

    private DictdFile() {
    }

    /** The entries of dictionary {@code name} in {@code folder}, in index order, without the 00-database ones. */
    public static List<Entry> read(Path folder, String name) throws IOException {
        try (InputStream index = Files.newInputStream(folder.resolve(name + ".index"));
             InputStream dictDz = Files.newInputStream(folder.resolve(name + ".dict.dz"))) {
            return read(index, dictDz);
        }
    }

    /** The same from the two files' contents, wherever they are (the server reads its own from the class path). */
    public static List<Entry> read(InputStream index, InputStream dictDz) throws IOException {
        byte[] text;
        try (InputStream in = new GZIPInputStream(dictDz)) {
            text = in.readAllBytes();
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length < 3 || fields[0].startsWith("00-database") || fields[0].startsWith("00database")) {
                continue;
            }
            int offset = (int) decodeNumber(fields[1]);
            int length = (int) decodeNumber(fields[2]);
            String entry = new String(text, offset, length, StandardCharsets.UTF_8);
            entries.add(new Entry(fields[0], headword(entry, fields[0]), entry));
        }
        return entries;
    }

    /**
     * The headword as the entry writes it ("DER", "NeWS"): the index has it in lower case. An
     * entry lists all its aliases in its first lines; the one the index line names is used.
     */
    static String headword(String entry, String indexed) {
        String firstParagraph = entry.strip().split("\\n\\s*\\n")[0];
        return firstParagraph.lines().map(String::strip).filter(indexed::equalsIgnoreCase).findFirst().orElse(indexed);
    }

    static long decodeNumber(String digits) {
        long value = 0;
        for (char digit : digits.toCharArray()) {
            int d = BASE64_DIGITS.indexOf(digit);
            if (d < 0) {
                throw new IllegalArgumentException("'" + digits + "' is not a dictd base64 number");
            }
            value = value * 64 + d;
        }
        return value;
    }
}
