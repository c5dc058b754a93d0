package org.hybridchat.server.knowledge;

import java.util.List;
import java.util.stream.Stream;

/**
 * One dictionary entry, ready to show: {@code text} is the definition without the headword lines
 * and without dictd's {braces}, paragraphs separated by blank lines; {@code crossReferences} are
 * the headwords the entry links to, in order, once each.
 */
public record Entry(String headword, List<String> aliases, String text, Source source, List<String> crossReferences) {
    public Entry {
        aliases = List.copyOf(aliases);
        crossReferences = List.copyOf(crossReferences);
    }

    /** The headword and its aliases: each is a name the entry answers to. */
    public List<String> headwords() {
        return Stream.concat(Stream.of(headword), aliases.stream()).toList();
    }
}
