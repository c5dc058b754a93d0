package org.hybridchat.server.training;

import java.util.List;
import java.util.Locale;

import org.hybridchat.server.network.Rng;

/**
 * The ways one kind of question is asked (below, those of each kind the tools answer). On the
 * trained side a core ("what does %s mean") at times gets an opening ("hey, ", "quick question: ")
 * and an ending (" please", " thanks", "?"), so the model learns which words do the asking and
 * which name the thing asked about, not where the term sits in a few memorised sentences. The
 * held-out side is whole sentences that no trained combination contains, so they stay unseen.
 */
final class Phrasings {
    private static final List<String> OPENINGS = List.of("hey, ", "hi, ", "ok, ", "ok so ", "so ", "quick question: ",
            "and ", "also, ", "hmm, ", "sorry, ", "please ", "one more: ", "right, ", "now ", "next: ", "btw ");
    private static final List<String> ENDINGS = List.of("", "", "?", "?", "?", ".", " please", ", please?", " thanks",
            "??", " for me", "? thanks!", " :)", "!");

    /** How each kind of question is asked: trained cores, then the held-out sentences. */
    static final Phrasings DEFINE_QUESTIONS = Phrasings.composed(List.of(
            "what is %s", "what's %s", "what does %s mean", "define %s", "explain %s", "tell me about %s",
            "what is meant by %s", "meaning of %s", "what's the meaning of %s", "can you explain %s", "look up %s",
            "%s", "definition of %s", "explain what %s means", "I'd like to know what %s is", "do you know what %s is",
            "what is %s exactly", "tell me what %s means", "%s - what's that", "any idea what %s is",
            "what is the definition of %s", "what do people mean by %s", "can you define %s", "could you define %s",
            "would you explain %s", "I need a definition of %s", "explain the term %s", "what does the term %s mean",
            "describe %s", "I don't know what %s is", "what on earth is %s", "help me understand %s", "%s means what",
            "I keep hearing about %s", "what does %s refer to", "what does %s stand for", "%s meaning",
            "%s definition", "can you tell me about %s", "I want to know about %s", "what's %s all about",
            "explain %s to me", "ever heard of %s", "what's the deal with %s", "explain to me what %s is",
            "I don't understand %s", "what is %s in computing", "in computing, what is %s", "%s, what's that",
            "can you give me a definition for %s", "what's meant by %s", "look up the term %s",
            "what does the word %s mean", "do you know %s", "explain the meaning of %s", "what's %s mean",
            "I'm interested in %s, what is it", "I keep hearing about %s, what's that", "someone mentioned %s."
            + " what does it mean", "I came across %s - can you explain it", "I'm confused about %s, what is that",
            "I saw %s in a paper. what is it", "a colleague brought up %s, what does it refer to",
            "there's this thing called %s, what is it", "I'm reading about %s, any idea what it is",
            "%s: what is that", "%s: what's it mean", "%s - what does it mean", "%s? what's that",
            "%s: can you explain it", "%s, what does it mean", "%s: define it", "%s: meaning",
            "%s: what does it refer to", "%s. what is it", "%s - explain it to me", "%s: tell me about it",
            "get me the meaning of %s", "show me the entry for %s", "give me an explanation of %s",
            "send me a definition for %s", "what really is %s", "what precisely is %s", "what even is %s",
            "so what is %s", "what's %s supposed to mean", "would you tell me what %s is",
            "can you say what %s means", "how would you define %s"),
            List.of("could you tell me what %s means?", "give me the definition of %s", "please define %s",
                    "I'm curious about %s, what is it?", "what exactly is %s?", "%s: what does that mean?"))
            .withClauses(List.of("I'm interested in %s", "I'm confused about %s", "I'm puzzled by %s",
                    "I'm unsure about %s", "I was reading about %s", "I keep seeing %s", "I heard someone mention %s",
                    "I ran into %s", "my friend asked me about %s", "I have a question about %s",
                    "I was wondering about %s", "I'm stuck on %s", "I'm not sure about %s", "I'm learning about %s",
                    "I need help with %s", "I've been hearing about %s", "I'm fascinated by %s", "I got asked about %s",
                    "my code mentions %s", "the manual mentions %s", "our docs talk about %s", "I'm thinking about %s",
                    "there's %s in my notes", "my teacher said %s", "I found %s in an old book",
                    "I am intrigued by %s", "someone at work keeps saying %s", "regarding %s", "about %s",
                    "so, %s", "%s", "the term %s", "this %s thing"),
                    List.of(", what is it", ", what's that", ". what does it mean", " - can you explain it",
                            ": what is that", ", what's it mean", ". any idea what it is", ", what does that refer to",
                            " - explain it please", ": what's the meaning", ", how would you define it",
                            ". what is it exactly", ", what's it about", "; what is that thing", ", define it for me",
                            " - what's the definition"));
    static final Phrasings ARTICLE_QUESTIONS = Phrasings.composed(List.of(
            "what is %s", "what's %s", "explain %s", "tell me about %s", "what is meant by %s", "describe %s",
            "do you know what %s is", "I don't know what %s is", "can you explain %s", "what's %s exactly",
            "what does %s do", "explain what %s is", "I need to know what %s is", "is there such a thing as %s",
            "explain %s to me", "can you explain %s to me", "describe %s for me", "would you describe %s",
            "tell me what %s is", "what is %s anyway", "I came across %s, what is it", "what's %s, then",
            "what would %s be", "define %s for me"),
            List.of("what exactly is %s?", "could you explain %s to me?"));
    static final Phrasings CALCULATIONS = Phrasings.composed(List.of(
            "what's %s", "what is %s", "calculate %s", "compute %s", "%s", "%s = ?", "how much is %s", "evaluate %s",
            "work out %s", "what is %s equal to", "what do you get for %s", "can you work out %s",
            "what's the result of %s", "result of %s", "what's the answer to %s", "I need %s", "figure out %s",
            "do the math: %s", "quick sum: %s", "how much does %s come to", "%s is how much", "can you compute %s",
            "exact value of %s", "what is the value of %s", "%s =", "give me %s", "what does %s come to",
            "simplify %s", "find %s", "crunch %s", "work this out: %s", "what would %s be", "please compute %s",
            "tell me the result of %s", "%s is what", "%s comes to what", "%s makes what", "could you work out %s",
            "determine %s", "tell me what %s comes to", "I'd like %s worked out", "what number is %s"),
            List.of("could you calculate %s?", "tell me what %s is", "solve %s", "%s equals what?"));
    static final Phrasings SEARCHES = Phrasings.composed(List.of(
            "search for %s", "find entries about %s", "look for %s in the dictionaries",
            "search the dictionaries for %s", "which entries mention %s", "find something about %s",
            "find anything on %s", "are there entries about %s", "list entries about %s", "what entries mention %s",
            "show me entries on %s", "do the dictionaries say anything about %s", "find entries mentioning %s",
            "run a search for %s", "what do the dictionaries have on %s", "look for entries on %s",
            "search the dictionaries: %s", "which entries are about %s", "search on %s", "search entries for %s",
            "dig up entries on %s", "hunt for %s", "query the dictionaries for %s", "entries on %s",
            "look through the entries for %s", "find me entries about %s", "browse entries about %s",
            "is anything written about %s", "look up anything about %s", "fetch entries about %s",
            "get me entries on %s", "show entries mentioning %s", "grep the dictionaries for %s",
            "scan the dictionaries for %s", "what can you find on %s", "anything in the dictionaries about %s",
            "pull up entries about %s"),
            List.of("any entries on %s?", "search %s", "look up entries about %s"));
    static final Phrasings HISTORY_ALL = Phrasings.composed(List.of(
            "what did I ask earlier", "what have I asked so far", "what did I say before", "remind me what I asked",
            "what did I ask you", "what have I said in this chat", "which questions did I ask", "what did I just ask",
            "what were my questions", "list my questions", "show me what I asked", "what have we discussed",
            "what did we talk about", "recap my questions", "remind me what we talked about",
            "what did I ask you before", "what was I asking about", "what did I type before",
            "what have I written so far", "show me my earlier messages", "what did I send you",
            "repeat what I said", "what was my first question", "what was the previous question",
            "what did I ask last"),
            List.of("what was my last question?", "what did I write earlier?"));
    static final Phrasings HISTORY_ABOUT = Phrasings.composed(List.of(
            "did I ask about %s", "have I mentioned %s before", "did I ask you about %s earlier",
            "when did I ask about %s", "did I say anything about %s", "search my history for %s",
            "did we discuss %s", "have I asked about %s yet", "did %s come up earlier", "was %s mentioned before",
            "did I bring up %s", "check my history for %s", "have I asked you about %s", "did I mention %s",
            "have we discussed %s", "did we talk about %s before", "did I already mention %s",
            "was %s something I asked about", "have I brought up %s", "has %s come up"),
            List.of("have we talked about %s?", "did I already ask about %s?"));
    static final Phrasings FORGET = Phrasings.composed(List.of(
            "forget this conversation", "delete our chat", "please erase this chat history", "forget everything",
            "clear the conversation", "wipe our chat", "forget what I said", "delete this conversation please",
            "erase my messages", "forget this chat", "delete everything I said", "wipe this conversation",
            "erase this conversation", "clear my history", "remove our chat history", "delete my messages",
            "forget all of it", "scrub this chat"),
            List.of("erase everything we said", "please forget our conversation"));
    static final Phrasings SERVER_LOAD = Phrasings.composed(List.of(
            "how busy is the server", "what's the server load", "server status", "show me the server's limits",
            "how many replies is the server writing", "what is the server load right now", "how's the server doing",
            "is the server overloaded", "show the server load", "how many requests are waiting",
            "what are the server's limits"),
            List.of("is the server busy right now?", "how loaded is the server?"));

    private final List<String> cores;
    private final List<String> heldOut;
    private final List<String> heldOutWords;
    private final boolean composed;
    private final List<String> clauses;
    private final List<String> tails;

    private Phrasings(List<String> cores, List<String> heldOut, boolean composed, List<String> clauses,
                      List<String> tails) {
        this.cores = cores;
        this.heldOut = heldOut;
        this.heldOutWords = heldOut.stream().map(Phrasings::words).toList();
        this.composed = composed;
        this.clauses = clauses;
        this.tails = tails;
        if (cores.stream().anyMatch(this::containsHeldOut)) {
            throw new IllegalArgumentException("a trained phrasing contains a held-out one: " + cores);
        }
    }

    /** Cores that take openings and endings; {@code %s} marks the term, sum or query, if the kind has one. */
    static Phrasings composed(List<String> cores, List<String> heldOut) {
        return new Phrasings(cores, heldOut, true, List.of(), List.of());
    }

    /** Whole sentences, trained as they are (greetings and the like, where an opening reads oddly). */
    static Phrasings fixed(List<String> trained, List<String> heldOut) {
        return new Phrasings(trained, heldOut, false, List.of(), List.of());
    }

    /**
     * These phrasings, and, for a third of the trained questions, a clause that names the term ("I ran
     * into %s") followed by a question about it (", what is it"): hundreds of sentences from a few
     * dozen parts, so that the model learns that a clause's other words are not the term.
     */
    Phrasings withClauses(List<String> clauses, List<String> tails) {
        return new Phrasings(cores, heldOut, composed, List.copyOf(clauses), List.copyOf(tails));
    }

    /** One phrasing of this side, {@code %s} still in it. */
    String pick(Rng rng, boolean heldOutSide) {
        if (heldOutSide) {
            return heldOut.get(rng.nextInt(heldOut.size()));
        }
        String core = !clauses.isEmpty() && rng.nextFloat() < 0.33f
                ? clauses.get(rng.nextInt(clauses.size())) + tails.get(rng.nextInt(tails.size()))
                : cores.get(rng.nextInt(cores.size()));
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
