package org.hybridchat.server.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns an entry as dictd stores it into display text and a list of cross-references. */
final class DictdMarkup {
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n\\s*\\n");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** FOLDOC and the Jargon File both write a link to another entry as {headword}, across line breaks too. */
    private static final Pattern BRACES = Pattern.compile("\\{([^{}]*)\\}");
    /** FOLDOC's links out of the dictionary: "{Language List (http://...)}", "{(lmgtfy.com)}". */
    private static final Pattern EXTERNAL_LINK = Pattern.compile(".*\\((?:[a-z]+:|[^()\\s]*[./])[^()\\s]*\\)\\s*");

    private DictdMarkup() {
    }

    /** The paragraphs after the headword lines (which also hold the Jargon File's pronunciation), reflowed. */
    static String displayText(String stored) {
        List<String> paragraphs = new ArrayList<>();
        String[] stored_paragraphs = PARAGRAPH_BREAK.split(stored.strip());
        for (int i = 1; i < stored_paragraphs.length; i++) {
            String paragraph = BRACES.matcher(collapse(stored_paragraphs[i])).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
            if (!paragraph.isEmpty()) {
                paragraphs.add(paragraph);
            }
        }
        return String.join("\n\n", paragraphs);
    }

    /** Headwords linked from the entry's definition; links to web pages are not entries and are left out. */
    static List<String> crossReferences(String stored) {
        Set<String> references = new LinkedHashSet<>();
        Matcher braces = BRACES.matcher(collapse(stored));
        while (braces.find()) {
            String reference = braces.group(1).strip();
            if (!reference.isEmpty() && !EXTERNAL_LINK.matcher(reference).matches()) {
                references.add(reference);
            }
        }
        return List.copyOf(references);
    }

    private static String collapse(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }
}
