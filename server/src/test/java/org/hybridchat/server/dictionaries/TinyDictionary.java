package org.hybridchat.server.dictionaries;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small dictd dictionaries for tests. */
public final class TinyDictionary {
    public static final String NAME = "tiny";
    /** dictfmt's own first entry, which readers leave out. */
    public static final String DATABASE_INFO = "00-database-info\n  This file was converted by dictfmt.\n";
    /** A FOLDOC entry as stored: category, pronunciation, {cross references}, a date stamp. */
    public static final String DAEMON = """
            daemon

               <operating system> /day'mn/ A program that is not invoked
               explicitly, but lies dormant waiting for some {condition}s to occur.

               For example, under {ITS} writing a file would invoke the
               spooling daemon.

               (2003-07-05)

            """;

    private TinyDictionary() {
    }

    /** A dictd dictionary "tiny" holding these entries, indexed by their first line. */
    public static void write(Path folder, String... entries) throws IOException {
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
