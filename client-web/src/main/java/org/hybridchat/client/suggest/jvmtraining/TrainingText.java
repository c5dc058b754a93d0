package org.hybridchat.client.suggest.jvmtraining;

import java.io.ByteArrayOutputStream;
import org.hybridchat.client.suggest.Alphabet;

/**
 * The text the character model learns from, as symbol ids: the dictionaries' prose without their
 * markup, white space runs as one space, every character through the model's {@link Alphabet}.
 * Every {@link #VALIDATION_EVERY}th block of {@link #BLOCK} characters is held out for validation, so
 * both parts span the whole alphabet of headwords rather than the held-out part being all "z".
 */
record TrainingText(byte[] train, byte[] validation) {

    static final int BLOCK = 4096;
    static final int VALIDATION_EVERY = 20;

    static TrainingText of(String dictd, Alphabet alphabet) {
        byte[] ids = ids(plainText(dictd), alphabet);
        ByteArrayOutputStream train = new ByteArrayOutputStream();
        ByteArrayOutputStream validation = new ByteArrayOutputStream();
        for (int start = 0, block = 0; start < ids.length; start += BLOCK, block++) {
            int length = Math.min(BLOCK, ids.length - start);
            (block % VALIDATION_EVERY == VALIDATION_EVERY - 1 ? validation : train).write(ids, start, length);
        }
        return new TrainingText(train.toByteArray(), validation.toByteArray());
    }

    /**
     * dictd text without FOLDOC's topic tags ({@code <networking>}), URLs, date stamps
     * ({@code (1998-09-15)}) and the braces of cross references ({@code {bit bucket}} reads as
     * "bit bucket").
     */
    static String plainText(String dictd) {
        return dictd.replaceAll("<[^<>\n]*>", " ")
                .replaceAll("\\b(?:https?|ftp|file|news|telnet|mailto):\\S*", " ")
                .replaceAll("\\(\\d{4}-\\d{2}-\\d{2}\\)", " ")
                .replace("{", "")
                .replace("}", "");
    }

    /** The symbol ids of {@code text}, with each run of white space as a single space. */
    static byte[] ids(String text, Alphabet alphabet) {
        int space = alphabet.id(' ');
        ByteArrayOutputStream ids = new ByteArrayOutputStream(text.length());
        int previous = space;
        for (int i = 0; i < text.length(); i++) {
            int id = alphabet.id(text.charAt(i));
            if (id != space || previous != space) {
                ids.write(id);
            }
            previous = id;
        }
        return ids.toByteArray();
    }

    /** The text that {@code ids} stand for, "anything else" shown as the alphabet's last symbol. */
    static String text(byte[] ids, int from, int to, Alphabet alphabet) {
        StringBuilder text = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            text.append(alphabet.symbol(ids[i]));
        }
        return text.toString();
    }
}
