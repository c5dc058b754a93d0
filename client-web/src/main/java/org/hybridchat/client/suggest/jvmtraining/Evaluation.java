package org.hybridchat.client.suggest.jvmtraining;

import org.hybridchat.client.suggest.CharModel;
import org.hybridchat.client.suggest.Suggester;

/**
 * How well a model file does on held-out text, measured with the inference code the browser runs:
 * its cross-entropy, and what typing that text would have shown as suggestions.
 */
final class Evaluation {

    /** Messages typed in {@link #keystrokes}: this many, each about this long. */
    private static final int MESSAGES = 400;
    private static final int MESSAGE_LENGTH = 60;
    private static final double[] THRESHOLDS = {0.2, Suggester.SHIPPED_MIN_PROBABILITY, 0.4, 0.5};

    private Evaluation() {}

    /** Mean cross-entropy, in nats, of the character after {@code count} random windows of {@code ids}. */
    static double loss(CharModel model, byte[] ids, int count, long seed) {
        CharModel.Shape shape = model.shape();
        int k = shape.context();
        int[] context = new int[k];
        double[] hidden = new double[shape.hidden()];
        double[] logits = new double[shape.symbols()];
        Rng rng = new Rng(seed);
        double total = 0;
        for (int n = 0; n < count; n++) {
            int next = k + rng.nextInt(ids.length - k);
            for (int i = 0; i < k; i++) {
                context[i] = ids[next - k + i];
            }
            model.logits(context, hidden, logits);
            double max = Double.NEGATIVE_INFINITY;
            for (double logit : logits) {
                max = Math.max(max, logit);
            }
            double sum = 0;
            for (double logit : logits) {
                sum += Math.exp(logit - max);
            }
            total += max + Math.log(sum) - logits[ids[next]];
        }
        return total / count;
    }

    /**
     * Types {@link #MESSAGES} pieces of held-out text one character at a time, each from the start of
     * a word as a chat message would be, and counts at each threshold how often a suggestion was shown
     * where one could be (after each letter) and how often it was exactly the rest of the word (or, for
     * a long one, its next {@link Suggester#MAX_LETTERS} letters). Where the word is already whole, any
     * suggestion counts as wrong.
     */
    static String keystrokes(CharModel model, byte[] ids, long seed) {
        StringBuilder report = new StringBuilder("threshold  shown  right  (shown: of the keystrokes inside a word)\n");
        for (double threshold : THRESHOLDS) {
            Suggester suggester = new Suggester(model, threshold);
            Rng rng = new Rng(seed);
            int places = 0;
            int shown = 0;
            int right = 0;
            for (int m = 0; m < MESSAGES; m++) {
                String text = message(model, ids, rng);
                for (int typed = 1; typed < text.length(); typed++) {
                    String expected = restOfWord(text, typed);
                    if (expected == null) {
                        continue;
                    }
                    places++;
                    String suggestion = suggester.suggest(text.substring(0, typed)).text();
                    if (!suggestion.isEmpty()) {
                        shown++;
                        int length = Math.min(expected.length(), Suggester.MAX_LETTERS);
                        right += suggestion.equals(expected.substring(0, length)) ? 1 : 0;
                    }
                }
            }
            report.append(String.format("%9.2f  %4.1f%%  %4.1f%%%s%n", threshold, 100.0 * shown / places,
                    100.0 * right / Math.max(1, shown), threshold == Suggester.SHIPPED_MIN_PROBABILITY ? "  shipped" : ""));
        }
        return report.toString();
    }

    /** About {@link #MESSAGE_LENGTH} characters of {@code ids} from a word start, ending with a whole word. */
    private static String message(CharModel model, byte[] ids, Rng rng) {
        int space = model.shape().alphabet().id(' ');
        int start = rng.nextInt(ids.length - 2 * MESSAGE_LENGTH);
        while (ids[start] != space) {
            start++;
        }
        int end = start + 1 + MESSAGE_LENGTH;
        while (isLetter(model, ids[end])) {
            end++;
        }
        return TrainingText.text(ids, start + 1, end, model.shape().alphabet());
    }

    /** The rest of the word the first {@code typed} characters end inside, or null if they end outside one. */
    private static String restOfWord(String text, int typed) {
        if (!Character.isLetter(text.charAt(typed - 1))) {
            return null;
        }
        int end = typed;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(typed, end); // "" when the word is whole: then no suggestion is right
    }

    private static boolean isLetter(CharModel model, byte id) {
        return Character.isLetter(model.shape().alphabet().symbol(id));
    }
}
