package org.hybridchat.server.training;

/**
 * The baseline a trained model must beat: next-token probabilities from counts of adjacent token
 * pairs in the training stream, with add-k smoothing so that unseen pairs keep some probability.
 */
final class Bigram {
    private final int vocabSize;
    private final float k;
    private final int[][] pairCounts; // [previous][next]
    private final long[] rowTotals;   // [previous]

    Bigram(int[] trainingTokens, int vocabSize, float k) {
        this.vocabSize = vocabSize;
        this.k = k;
        pairCounts = new int[vocabSize][vocabSize];
        rowTotals = new long[vocabSize];
        for (int i = 0; i + 1 < trainingTokens.length; i++) {
            pairCounts[trainingTokens[i]][trainingTokens[i + 1]]++;
            rowTotals[trainingTokens[i]]++;
        }
    }

    /** Mean cross-entropy, in nats per token, of predicting each token of the stream from the one before. */
    double loss(int[] tokens) {
        double total = 0;
        for (int i = 0; i + 1 < tokens.length; i++) {
            int previous = tokens[i];
            double p = (pairCounts[previous][tokens[i + 1]] + k) / (rowTotals[previous] + k * vocabSize);
            total -= Math.log(p);
        }
        return total / (tokens.length - 1);
    }
}
