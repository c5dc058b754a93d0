package org.hybridchat.server.training;

import java.util.List;

/**
 * The baseline a trained model must beat: next-token probabilities from counts of adjacent token
 * pairs in the training exchanges, with add-k smoothing so that unseen pairs keep some probability.
 */
final class Bigram {
    private final int vocabSize;
    private final float k;
    private final int[][] pairCounts; // [previous][next]
    private final long[] rowTotals;   // [previous]

    /** Counts the pairs whose second token is one the model is trained to write. */
    Bigram(List<ToolExchanges.Tokens> training, int vocabSize, float k) {
        this.vocabSize = vocabSize;
        this.k = k;
        pairCounts = new int[vocabSize][vocabSize];
        rowTotals = new long[vocabSize];
        for (ToolExchanges.Tokens exchange : training) {
            int[] tokens = exchange.tokens();
            for (int i = 0; i + 1 < tokens.length; i++) {
                if (exchange.trained()[i + 1]) {
                    pairCounts[tokens[i]][tokens[i + 1]]++;
                    rowTotals[tokens[i]]++;
                }
            }
        }
    }

    /** Mean cross-entropy, in nats per token, of predicting each trained token from the one before. */
    double loss(List<ToolExchanges.Tokens> exchanges) {
        double total = 0;
        long count = 0;
        for (ToolExchanges.Tokens exchange : exchanges) {
            int[] tokens = exchange.tokens();
            for (int i = 0; i + 1 < tokens.length; i++) {
                if (exchange.trained()[i + 1]) {
                    int previous = tokens[i];
                    total -= Math.log((pairCounts[previous][tokens[i + 1]] + k) / (rowTotals[previous] + k * vocabSize));
                    count++;
                }
            }
        }
        return total / count;
    }
}
