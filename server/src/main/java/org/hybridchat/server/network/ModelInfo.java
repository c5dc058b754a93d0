package org.hybridchat.server.network;

/** What the server runs, for logs and an about page. */
public record ModelInfo(String name, long parameters, int layers, int heads, int dModel, int contextLength,
                        int vocabSize, long fileBytes, int maxReplyTokens) {

    /** The name clients ask for, as in the OpenAI API's model list: "hybridchat-" and the weights file's base name. */
    public String id() {
        String file = name.substring(name.lastIndexOf('/') + 1);
        return "hybridchat-" + file.replaceFirst("\\.bin$", "");
    }
}
