package org.hybridchat.server.training;

import java.util.List;
import java.util.Locale;

import org.hybridchat.server.network.Rng;

/**
 * The ways one kind of question is asked. On the trained side a core ("what does %s mean") at times
 * gets an opening ("hey, ", "quick question: ") and an ending (" please", " thanks", "?"), so the
 * model learns which words do the asking and which name the thing asked about, not where the term
 * sits in a few memorised sentences. The held-out side is whole sentences that no trained
 * combination contains, so they stay unseen.
 */
final class Phrasings {
    private static final List<String> OPENINGS = List.of("hey, ", "hi, ", "ok, ", "ok so ", "so ", "quick question: ",
            "and ", "also, ", "hmm, ", "sorry, ", "please ", "one more: ", "right, ", "now ", "next: ", "btw ");
    private static final List<String> ENDINGS = List.of("", "", "?", "?", "?", ".", " please", ", please?", " thanks",
            "??", " for me", "? thanks!", " :)", "!");

    private final List<String> cores;
    private final List<String> heldOut;
    private final List<String> heldOutWords;
    private final boolean composed;

    private Phrasings(List<String> cores, List<String> heldOut, boolean composed) {
        this.cores = cores;
        this.heldOut = heldOut;
        this.heldOutWords = heldOut.stream().map(Phrasings::words).toList();
        this.composed = composed;
        if (cores.stream().anyMatch(this::containsHeldOut)) {
            throw new IllegalArgumentException("a trained phrasing contains a held-out one: " + cores);
        }
    }

    /** Cores that take openings and endings; {@code %s} marks the term, sum or query, if the kind has one. */
    static Phrasings composed(List<String> cores, List<String> heldOut) {
        return new Phrasings(cores, heldOut, true);
    }

    /** Whole sentences, trained as they are (greetings and the like, where an opening reads oddly). */
    static Phrasings fixed(List<String> trained, List<String> heldOut) {
        return new Phrasings(trained, heldOut, false);
    }

    /** One phrasing of this side, {@code %s} still in it. */
    String pick(Rng rng, boolean heldOutSide) {
        if (heldOutSide) {
            return heldOut.get(rng.nextInt(heldOut.size()));
        }
        String core = cores.get(rng.nextInt(cores.size()));
        if (!composed) {
            return core;
        }
        String phrasing;
        do {
            String opening = rng.nextFloat() < 0.3f ? OPENINGS.get(rng.nextInt(OPENINGS.size())) : "";
            String ending = endsInPunctuation(core) ? "" : ENDINGS.get(rng.nextInt(ENDINGS.size()));
            phrasing = opening + core + ending;
            if (rng.nextFloat() < 0.3f) {
                phrasing = phrasing.substring(0, 1).toUpperCase(Locale.ROOT) + phrasing.substring(1);
            }
        } while (containsHeldOut(phrasing));
        return phrasing;
    }

    private boolean containsHeldOut(String phrasing) {
        String words = words(phrasing);
        return heldOutWords.stream().anyMatch(words::contains);
    }

    private static boolean endsInPunctuation(String core) {
        return ".?!:".indexOf(core.charAt(core.length() - 1)) >= 0;
    }

    /** The phrasing's words, lower case, between spaces: what a held-out phrasing may not appear in. */
    private static String words(String phrasing) {
        return " " + phrasing.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9%' ]+", " ").replaceAll(" +", " ").strip() + " ";
    }
}
