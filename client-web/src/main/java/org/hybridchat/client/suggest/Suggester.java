package org.hybridchat.client.suggest;

/**
 * Turns the character model into word completions: the rest of the word being typed ("a programming
 * lang" -> "uage"). It extends the text one character at a time, always the likeliest letter, until
 * "the word ends here" is likelier than any letter; a completion whose probability falls below
 * {@link #SHIPPED_MIN_PROBABILITY} is dropped, so a guess is shown only when the model is fairly sure.
 * It does not guess the next word after a space: a model this small was rarely sure of one, and then
 * mostly wrong (see the model card).
 *
 * <p>A keystroke costs at most {@link #MAX_LETTERS} + 1 model steps, and it needs no state from
 * earlier keystrokes: the model reads only the last K characters, so an edit anywhere in the text,
 * a paste or a deletion costs the same as typing a letter.
 */
public final class Suggester {

    /** What Tab would append, and how probable the model finds exactly that. */
    public record Suggestion(String text, double probability) {
        public static final Suggestion NONE = new Suggestion("", 0);
    }

    /** Chosen on held-out text: see the model card's table of thresholds. */
    public static final double SHIPPED_MIN_PROBABILITY = 0.3;

    /** Longer completions are cut here; the user can accept and ask again. */
    public static final int MAX_LETTERS = 12;

    private final CharModel model;
    private final Alphabet alphabet;
    private final double minProbability;
    private final boolean[] isLetter; // [V] which symbols are letters
    private final int[] context;     // [K] symbol ids, oldest first
    private final double[] hidden;   // [H] scratch
    private final double[] logits;   // [V]

    public Suggester(CharModel model) {
        this(model, SHIPPED_MIN_PROBABILITY);
    }

    public Suggester(CharModel model, double minProbability) {
        this.model = model;
        this.minProbability = minProbability;
        alphabet = model.shape().alphabet();
        isLetter = new boolean[alphabet.size()];
        for (int symbol = 0; symbol < isLetter.length; symbol++) {
            isLetter[symbol] = isLetter(alphabet.symbol(symbol));
        }
        context = new int[model.shape().context()];
        hidden = new double[model.shape().hidden()];
        logits = new double[model.shape().symbols()];
    }

    /** The suggestion for {@code typed}, the whole text with the caret at its end. */
    public Suggestion suggest(String typed) {
        int n = typed.length();
        if (n == 0 || !isLetter(typed.charAt(n - 1))) {
            return Suggestion.NONE; // not inside a word
        }
        for (int i = 0; i < context.length; i++) {
            int at = n - context.length + i;
            context[i] = alphabet.id(at >= 0 ? typed.charAt(at) : ' ');
        }

        StringBuilder letters = new StringBuilder();
        double probability = 1;
        while (true) {
            model.logits(context, hidden, logits);
            int best = -1;       // the likeliest letter
            double letter = 0;   // its weight
            double end = 0;      // the weight of every symbol that is not a letter: the word ends
            double total = 0;    // softmax denominator; weights are relative to the largest logit
            double max = max(logits);
            for (int symbol = 0; symbol < logits.length; symbol++) {
                double weight = CharModel.exp(logits[symbol] - max);
                total += weight;
                if (!isLetter[symbol]) {
                    end += weight;
                } else if (weight > letter) {
                    best = symbol;
                    letter = weight;
                }
            }
            // p * x / total, left to right: TeaVM's JS target prints p * (x / total) without its
            // parentheses, so that form would round differently in the browser than on the JVM.
            if (end >= letter) {
                probability = probability * end / total;
                break;
            }
            if (letters.length() == MAX_LETTERS) {
                break;
            }
            probability = probability * letter / total;
            if (probability < minProbability) {
                return Suggestion.NONE;
            }
            letters.append(alphabet.symbol(best));
            System.arraycopy(context, 1, context, 0, context.length - 1);
            context[context.length - 1] = best;
        }
        if (letters.isEmpty() || probability < minProbability) {
            return Suggestion.NONE;
        }
        return new Suggestion(shouting(typed) ? letters.toString().toUpperCase() : letters.toString(), probability);
    }

    private static double max(double[] values) {
        double max = values[0];
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    /** Whether the word being typed is in capitals ("DAEM"): then so is its completion. */
    private static boolean shouting(String typed) {
        int start = typed.length();
        while (start > 0 && isLetter(typed.charAt(start - 1))) {
            start--;
        }
        String word = typed.substring(start);
        return word.length() >= 2 && word.equals(word.toUpperCase());
    }

    /** Letters are what a word is made of here; an apostrophe or hyphen ends the suggestion. */
    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
