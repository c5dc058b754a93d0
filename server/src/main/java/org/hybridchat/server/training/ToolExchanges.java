package org.hybridchat.server.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ServerLoad;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.knowledge.Entry;
import org.hybridchat.server.knowledge.KnowledgeIndex;
import org.hybridchat.server.network.BpeTokenizer;
import org.hybridchat.server.network.ChatPrompt;
import org.hybridchat.server.network.Rng;
import org.hybridchat.server.planning.GroundedAnswer;
import org.hybridchat.server.planning.PlannedCall;
import org.hybridchat.server.planning.ToolPrompt;
import org.hybridchat.server.tools.CalculateTool;
import org.hybridchat.server.tools.DefineTool;
import org.hybridchat.server.tools.ForgetTool;
import org.hybridchat.server.tools.HistoryTool;
import org.hybridchat.server.tools.SearchTool;
import org.hybridchat.server.tools.ServerLoadTool;
import org.hybridchat.server.tools.ToolArguments;

/**
 * The conversations the server model learns to use tools from: a question phrased one of many ways,
 * the call a careful reader would make, the tool's real result (the same code the server runs,
 * over the shipped dictionaries), and the answer {@link GroundedAnswer} writes from that result.
 * Small talk and requests no tool fits get a plain answer; made-up terms get the dictionaries' "no
 * entry". Headwords and made-up terms are split by hash, and each kind of question has held-out
 * sentences ({@link Phrasings}): the held-out side is never trained on, and is what
 * {@code ToolUseEvaluation} asks.
 */
final class ToolExchanges {

    enum Kind { DEFINE, MISSPELT, MADE_UP, CALCULATE, SEARCH, HISTORY, FORGET, SERVER_LOAD, CHAT }

    /**
     * One exchange: earlier turns, the user's question, the call (null: the model answers directly),
     * its result (null: there is none to read, because a forget waits for approval) and the answer
     * (null when the exchange ends at the call).
     */
    record Exchange(Kind kind, List<ChatMessage> earlier, String question, PlannedCall call, ToolResult result,
                    String answer) {
        List<ChatMessage> conversation() {
            List<ChatMessage> conversation = new ArrayList<>(earlier);
            conversation.add(ChatMessage.user(question));
            return conversation;
        }

        /**
         * The exchange as the model reads it, with which tokens it learns to write: the call and the
         * answer, not the tool list, the user's words or the result, which the server writes.
         */
        Tokens tokens(BpeTokenizer tokenizer, int[] toolList) {
            int[] prompt = ChatPrompt.forReply(tokenizer, toolList, conversation(), new int[0], Integer.MAX_VALUE);
            int[] written = new int[0];
            int[] read = new int[0];
            if (call != null) {
                String callText = ToolPrompt.call(call, TOOLS.get(call.tool()));
                int[] exchange = ChatPrompt.toolExchange(tokenizer, callText,
                        result == null ? "" : ToolPrompt.result(result));
                int callLength = tokenizer.encode(callText).length + 2; // BEGIN_CALL ... END_OF_TURN
                written = Arrays.copyOf(exchange, callLength);
                read = result == null ? new int[0] : Arrays.copyOfRange(exchange, callLength, exchange.length);
            }
            int[] answerTokens = answer == null ? new int[0]
                    : IntStream.concat(IntStream.of(tokenizer.encode(answer)), IntStream.of(BpeTokenizer.END_OF_TURN))
                    .toArray();
            int[] tokens = Stream.of(prompt, written, read, answerTokens).flatMapToInt(IntStream::of).toArray();
            boolean[] trained = new boolean[tokens.length];
            Arrays.fill(trained, prompt.length, prompt.length + written.length, true);
            Arrays.fill(trained, tokens.length - answerTokens.length, tokens.length, true);
            return new Tokens(tokens, trained);
        }
    }

    /** An exchange's tokens, and for each whether the model is trained to write it. */
    record Tokens(int[] tokens, boolean[] trained) {}

    /** Every tool the model learns, with its arguments as the registry declares them. */
    static final SequencedMap<String, ToolArguments> TOOLS = tools();

    private static SequencedMap<String, ToolArguments> tools() {
        SequencedMap<String, ToolArguments> tools = new LinkedHashMap<>();
        tools.put(DefineTool.NAME, DefineTool.ARGUMENTS);
        tools.put(SearchTool.NAME, SearchTool.ARGUMENTS);
        tools.put(CalculateTool.NAME, CalculateTool.ARGUMENTS);
        tools.put(HistoryTool.NAME, HistoryTool.ARGUMENTS);
        tools.put(ForgetTool.NAME, ForgetTool.ARGUMENTS);
        tools.put(ServerLoadTool.NAME, ServerLoadTool.ARGUMENTS);
        return Collections.unmodifiableSequencedMap(tools);
    }

    /** Small talk: phrasings (trained; held out) and the one answer they get. */
    private record Chat(Phrasings questions, String answer) {}

    private static final String BEYOND = "That's beyond me: I can look up computing terms in FOLDOC and the Jargon"
            + " File, search them, do exact arithmetic and recall this conversation.";
    private static final List<Chat> CHATS = List.of(
            new Chat(Phrasings.fixed(List.of("hello", "hi", "Hi!", "hey there", "Hello!", "good morning", "hey",
                    "what's up?", "nice to meet you", "yo", "good afternoon"),
                    List.of("good evening", "hiya")),
                    "Hello! Ask me what a computing term means, or give me a sum to work out."),
            new Chat(Phrasings.fixed(List.of("thanks", "thank you!", "Thanks a lot", "great, thanks", "thx",
                    "that was helpful", "cool, thanks", "perfect, thank you", "thank you so much", "much appreciated",
                    "thanks heaps", "ta", "nice, thanks", "awesome, thank you", "thanks mate", "appreciated!",
                    "thanks so much", "big thanks", "thanks again", "thank you kindly", "a thousand thanks",
                    "thanks, that helps", "thank you very much"),
                    List.of("cheers!", "many thanks")), "You're welcome."),
            new Chat(Phrasings.fixed(List.of("how are you?", "How are you doing?", "how's it going?",
                    "how are things?", "you ok?", "how do you do?"),
                    List.of("are you well?")), "Running fine, thanks. What would you like to look up?"),
            new Chat(Phrasings.fixed(List.of("who are you?", "what can you do?", "What are you?", "help",
                    "what can I ask you?", "what are you for?", "what's your purpose?", "how can you help?",
                    "what do you know?"), List.of("what are you good for?", "what do you do?")),
                    "I'm the server's model: I look up computing terms in FOLDOC and the Jargon File, search them,"
                            + " do exact arithmetic and recall this conversation."),
            new Chat(Phrasings.fixed(List.of("bye", "goodbye", "see you later", "good night", "that's all"),
                    List.of("bye for now")), "Goodbye!"));

    /**
     * Requests that are about a topic but ask for no definition ("tell me a story about %s"): as many
     * as the small talk, since they look like the define questions ("tell me about %s") that outnumber
     * them, and a model that calls define on them answers "no entry" to a request for a poem.
     */
    private static final Phrasings BEYOND_REQUESTS = Phrasings.composed(List.of("tell me a story about %s",
            "write a poem about %s", "sing me a song", "what's the weather like?", "what should I eat tonight?",
            "tell me a joke", "write me an essay on %s", "Tell me everything about %s.", "what do you think of %s?",
            "is %s better than emacs?", "who will win the next election?", "do you like %s?",
            "translate %s into French", "book me a flight", "what time is it?", "should I learn %s?",
            "give me some career advice", "what's your view on %s?", "what's your take on %s?",
            "write a limerick about %s", "compose a song about %s", "recommend a movie", "any tips for dating?",
            "how do I get rich?", "how do you feel about %s?", "write a story about %s", "write me a story about %s",
            "tell me a bedtime story about %s", "write a short story about %s", "write a song about %s",
            "make up a joke about %s", "tell me a joke about %s", "write a blog post about %s",
            "draw a picture of %s", "write an email about %s", "write a tweet about %s", "write a rap about %s",
            "make a meme about %s", "write a speech about %s", "tell me a fairy tale about %s",
            "write a sonnet about %s", "write a novel about %s", "tell me a funny story about %s",
            "invent a game about %s", "write a letter to %s", "rate %s out of ten", "are you a fan of %s?",
            "write a play about %s", "tell me a riddle about %s", "paint me a picture of %s"),
            List.of("compose a haiku about %s", "what's your opinion of %s?", "give me some life advice"));

    private static final Pattern ARTICLED = Pattern.compile("(?:a|an|the) .*");
    private static final Pattern WORD = Pattern.compile("[a-z]{4,}");
    private static final String[] ONSETS = {"b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v",
            "z", "br", "cr", "dr", "fl", "gr", "kl", "pl", "pr", "st", "tr", "sk", "sp", "qu", "x"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "y", "ai", "ea", "ou", "io"};
    private static final String[] CODAS = {"", "", "", "n", "r", "x", "k", "s", "th", "m", "l"};
    private static final String[] SUFFIXES = {"", "", "", "", "ware", "tron", "ix", "net", "OS", "Script", "DB",
            "-9000", "lang", "soft"};

    private final KnowledgeIndex index;
    /** The entries this side asks about, each with the names it may be asked by. */
    private final List<Entry> entries;
    private final Map<Entry, List<String>> names = new HashMap<>();
    private final boolean heldOutSide;
    private final Rng rng;

    /**
     * The held-out side asks about an entry only by names no trained entry has: a held-out entry's
     * alias can be another dictionary's trained headword.
     */
    private ToolExchanges(KnowledgeIndex index, List<Entry> entries, boolean heldOutSide, long seed) {
        this.index = index;
        this.heldOutSide = heldOutSide;
        this.rng = new Rng(seed);
        Set<String> trained = heldOutSide ? entries.stream().filter(e -> !isHeldOut(e.headword()))
                .flatMap(e -> e.headwords().stream()).map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet())
                : Set.of();
        for (Entry entry : entries) {
            List<String> askedBy = entry.headwords().stream()
                    .filter(n -> !trained.contains(n.toLowerCase(Locale.ROOT))).toList();
            if (isHeldOut(entry.headword()) == heldOutSide && !askedBy.isEmpty()) {
                names.put(entry, askedBy);
            }
        }
        this.entries = entries.stream().filter(names::containsKey).toList();
    }

    /** About 2% of headwords, chosen by hash, never trained on; the same rule for made-up terms. */
    static boolean isHeldOut(String term) {
        return Math.floorMod(term.toLowerCase(Locale.ROOT).hashCode(), 50) == 0;
    }

    /** The training side: each headword asked about once or twice, and the other kinds in proportion. */
    static List<Exchange> training(KnowledgeIndex index, List<Entry> entries, long seed) {
        ToolExchanges maker = new ToolExchanges(index, entries, false, seed);
        return maker.make(maker.entries.size() * 3 / 2);
    }

    /** The held-out side: unseen headwords, made-up terms and phrasings, {@code definitions} of them asked about. */
    static List<Exchange> heldOut(KnowledgeIndex index, List<Entry> entries, long seed, int definitions) {
        return new ToolExchanges(index, entries, true, seed).make(definitions);
    }

    /** The mix: per definition, a fifth as many made-up terms and calculations, and fewer of the rest. */
    private List<Exchange> make(int definitions) {
        List<Exchange> made = new ArrayList<>();
        for (int i = 0; i < definitions; i++) {
            made.add(rng.nextFloat() < 0.12f ? misspelt() : definition());
        }
        for (int i = 0; i < definitions / 5; i++) {
            made.add(madeUp());
            made.add(calculation());
        }
        for (int i = 0; i < definitions / 10; i++) {
            made.add(search());
            made.add(history());
            made.add(chat());
        }
        for (int i = 0; !heldOutSide && i < definitions / 10; i++) {
            made.add(beyond(BEYOND_REQUESTS.pick(rng, false)));
        }
        for (int i = 0; i < definitions / 30; i++) {
            made.add(forget());
            made.add(serverLoad());
        }
        return made.stream().filter(this::keepsHeldOutUnseen).map(this::sometimesAfterEarlierTurns).toList();
    }

    /** A slip or an alias can lead to a held-out entry; the trained side must not show its text. */
    private boolean keepsHeldOutUnseen(Exchange exchange) {
        return heldOutSide || !(exchange.result() instanceof ToolResult.Definition d && isHeldOut(d.headword()));
    }

    private Exchange definition() {
        String term = pick(names.get(pick(entries)));
        if (rng.nextFloat() < 0.1f) {
            term = term.toLowerCase(Locale.ROOT); // people type "unix" for "Unix"
        }
        return define(Kind.DEFINE, term);
    }

    private Exchange misspelt() {
        Entry entry = pick(entries);
        String term = names.get(entry).contains(entry.headword()) ? entry.headword() : names.get(entry).getFirst();
        return define(Kind.MISSPELT, term.length() >= 5 ? typo(term) : term);
    }

    /**
     * A term no dictionary has. On the trained side some are phrases with a real word in them
     * ("flonkware cache"): asked only about single made-up words, the model learnt to quote the one
     * word of an unknown phrase it knew ("meme plague" -> "meme"). The held-out side stays as it was.
     */
    private Exchange madeUp() {
        String term;
        do {
            float shape = heldOutSide ? 1 : rng.nextFloat();
            term = shape < 0.2f ? madeUpWord() + " " + pickWord(pick(entries).text())
                    : shape < 0.4f ? pickWord(pick(entries).text()) + " " + madeUpWord()
                    : madeUpWord();
        } while (isHeldOut(term) != heldOutSide || index.define(term).isPresent());
        return define(Kind.MADE_UP, term);
    }

    /** A question about the term, the define call with the term as written, and the real result. */
    private Exchange define(Kind kind, String term) {
        boolean article = Character.isLowerCase(term.codePointAt(0)) && !ARTICLED.matcher(term).matches()
                && rng.nextFloat() < 0.3f;
        String asked = article ? ("aeiou".indexOf(term.charAt(0)) >= 0 ? "an " : "a ") + term : term;
        String question = (article ? Phrasings.ARTICLE_QUESTIONS : Phrasings.DEFINE_QUESTIONS).pick(rng, heldOutSide)
                .formatted(asked);
        return called(kind, question, new PlannedCall(DefineTool.NAME, Map.of("term", term)),
                DefineTool.lookUp(index, term));
    }

    private Exchange calculation() {
        String expression;
        ToolResult result;
        do {
            expression = operation(2);
            result = CalculateTool.calculate(expression);
        } while (result instanceof ToolResult.Calculation c && c.value().length() > 80);
        return called(Kind.CALCULATE, Phrasings.CALCULATIONS.pick(rng, heldOutSide).formatted(expression),
                new PlannedCall(CalculateTool.NAME, Map.of("expression", expression)), result);
    }

    private Exchange search() {
        String query = topic();
        return called(Kind.SEARCH, Phrasings.SEARCHES.pick(rng, heldOutSide).formatted(query),
                new PlannedCall(SearchTool.NAME, Map.of("query", query)), SearchTool.lookFor(index, query));
    }

    private Exchange history() {
        List<ChatMessage> earlier = earlierTurns(1 + rng.nextInt(3));
        String query;
        String question;
        if (rng.nextFloat() < 0.5f) {
            query = "*";
            question = Phrasings.HISTORY_ALL.pick(rng, heldOutSide);
        } else {
            // half the time a word the conversation has, else one it has not
            query = rng.nextFloat() < 0.5f ? pickWord(earlier.get(2 * rng.nextInt(earlier.size() / 2)).content())
                    : pick(entries).headword();
            question = Phrasings.HISTORY_ABOUT.pick(rng, heldOutSide).formatted(query);
        }
        ToolResult result = HistoryTool.find(earlier, query);
        return new Exchange(Kind.HISTORY, earlier, question, new PlannedCall(HistoryTool.NAME, Map.of("query", query)),
                result, GroundedAnswer.of(result));
    }

    /** Ends at the call: a forget waits for the user's approval, and what follows is the server's. */
    private Exchange forget() {
        return new Exchange(Kind.FORGET, List.of(), Phrasings.FORGET.pick(rng, heldOutSide),
                new PlannedCall(ForgetTool.NAME, Map.of("scope", "conversation")), null, null);
    }

    private Exchange serverLoad() {
        int maxActive = 8 << rng.nextInt(3);
        int maxWaiting = 64 << rng.nextInt(3);
        ToolResult result = rng.nextFloat() < 0.5f
                ? new ToolResult.Refused(ServerLoadTool.NAME + " needs the admin role, which this request does not have.")
                : new ToolResult.Load(new ServerLoad(rng.nextInt(maxActive + 1), rng.nextInt(maxWaiting + 1), maxActive,
                        maxWaiting));
        return called(Kind.SERVER_LOAD, Phrasings.SERVER_LOAD.pick(rng, heldOutSide),
                new PlannedCall(ServerLoadTool.NAME, Map.of()), result);
    }

    /** Small talk, or now and then a request no tool fits (the trained side has more of those, above). */
    private Exchange chat() {
        int which = rng.nextInt(CHATS.size() + 1);
        if (which == CHATS.size()) {
            return beyond(BEYOND_REQUESTS.pick(rng, heldOutSide));
        }
        Chat chat = CHATS.get(which);
        return new Exchange(Kind.CHAT, List.of(), chat.questions().pick(rng, heldOutSide).formatted(topic()), null, null,
                chat.answer());
    }

    private Exchange beyond(String request) {
        return new Exchange(Kind.CHAT, List.of(), request.formatted(topic()), null, null, BEYOND);
    }

    private Exchange called(Kind kind, String question, PlannedCall call, ToolResult result) {
        return new Exchange(kind, List.of(), question, call, result, GroundedAnswer.of(result));
    }

    /**
     * A third of the exchanges follow an earlier exchange, as in a real conversation: the model
     * learns to act on the last message, whatever the one before asked.
     */
    private Exchange sometimesAfterEarlierTurns(Exchange exchange) {
        if (!exchange.earlier().isEmpty() || exchange.kind() == Kind.FORGET || rng.nextFloat() >= 0.35f) {
            return exchange;
        }
        return new Exchange(exchange.kind(), earlierTurns(1), exchange.question(), exchange.call(), exchange.result(),
                exchange.answer());
    }

    /** Earlier exchanges, mostly definitions, as the session stores them: the question and the reply. */
    private List<ChatMessage> earlierTurns(int exchanges) {
        List<ChatMessage> turns = new ArrayList<>();
        for (int i = 0; i < exchanges; i++) {
            float kind = rng.nextFloat();
            Exchange earlier = kind < 0.6f ? definition() : kind < 0.75f ? calculation() : kind < 0.85f ? madeUp()
                    : kind < 0.95f ? search() : chat();
            if (!keepsHeldOutUnseen(earlier)) {
                i--;
                continue;
            }
            turns.add(ChatMessage.user(earlier.question()));
            turns.add(ChatMessage.assistant(earlier.answer()));
        }
        return turns;
    }

    /** One to three words of some entry's text: what people search for. */
    private String topic() {
        List<String> words = WORD.matcher(pick(entries).text().toLowerCase(Locale.ROOT)).results()
                .map(m -> m.group()).toList();
        if (words.isEmpty()) {
            return "computers";
        }
        int start = rng.nextInt(words.size());
        int count = Math.min(words.size() - start, 1 + rng.nextInt(3));
        return String.join(" ", words.subList(start, start + count));
    }

    private String pickWord(String text) {
        List<String> words = WORD.matcher(text.toLowerCase(Locale.ROOT)).results().map(m -> m.group()).toList();
        return words.isEmpty() ? "daemon" : pick(words);
    }

    /** One slip: a letter dropped, doubled, swapped with the next, or replaced. */
    private String typo(String term) {
        int at = 1 + rng.nextInt(term.length() - 2);
        char[] c = term.toCharArray();
        return switch (rng.nextInt(4)) {
            case 0 -> term.substring(0, at) + term.substring(at + 1);
            case 1 -> term.substring(0, at) + c[at] + term.substring(at);
            case 2 -> {
                char swap = c[at];
                c[at] = c[at + 1];
                c[at + 1] = swap;
                yield new String(c);
            }
            default -> term.substring(0, at) + (char) ('a' + rng.nextInt(26)) + term.substring(at + 1);
        };
    }

    private String madeUpWord() {
        StringBuilder word = new StringBuilder();
        for (int syllables = 2 + rng.nextInt(2); syllables > 0; syllables--) {
            word.append(pick(ONSETS)).append(pick(VOWELS)).append(pick(CODAS));
        }
        word.append(pick(SUFFIXES));
        if (rng.nextFloat() < 0.3f) {
            word.setCharAt(0, Character.toUpperCase(word.charAt(0)));
        }
        return word.toString();
    }

    /** A number, or at times an {@link #operation}. */
    private String expression(int depth) {
        return depth == 0 || rng.nextFloat() < 0.35f ? number() : operation(depth);
    }

    /** Random arithmetic of the kinds people ask: big powers, long products, decimals, remainders. */
    private String operation(int depth) {
        String space = rng.nextFloat() < 0.7f ? " " : "";
        return switch (rng.nextInt(7)) {
            case 0 -> (2 + rng.nextInt(19)) + "^" + (2 + rng.nextInt(80)) + (rng.nextFloat() < 0.5f ? ""
                    : space + (rng.nextFloat() < 0.5f ? "-" : "+") + space + (1 + rng.nextInt(9)));
            case 1 -> "(" + expression(depth - 1) + space + pick(new String[] {"+", "-"}) + space
                    + expression(depth - 1) + ")" + space + pick(new String[] {"*", "/"}) + space + number();
            default -> expression(depth - 1) + space + pick(new String[] {"+", "-", "*", "/", "%", "*", "+"}) + space
                    + expression(depth - 1);
        };
    }

    private String number() {
        int digits = 1 + (rng.nextFloat() < 0.7f ? rng.nextInt(4) : rng.nextInt(16));
        StringBuilder n = new StringBuilder().append(1 + rng.nextInt(9));
        for (int i = 1; i < digits; i++) {
            n.append(rng.nextInt(10));
        }
        if (rng.nextFloat() < 0.15f) {
            n.append('.').append(rng.nextInt(100));
        }
        return n.toString();
    }

    private <T> T pick(List<T> items) {
        return items.get(rng.nextInt(items.size()));
    }

    private <T> T pick(T[] items) {
        return items[rng.nextInt(items.length)];
    }
}
