package org.hybridchat.server.model;

/** What the server runs, for logs and an about page. */
public record ModelInfo(String name, long parameters, int layers, int heads, int dModel, int contextLength,
                        int vocabSize, long fileBytes, int maxReplyTokens) {
}
