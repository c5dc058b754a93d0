package org.hybridchat.server.model;

import java.util.List;

import org.hybridchat.contract.ChatMessage;

/**
 * Prints the shipped model's replies to the model card's fixed prompts, a few seeds each, so that
 * the samples in the card can be checked and redone: {@code bin/sample-server-model}.
 */
public final class Samples {
    static final List<String> PROMPTS = List.of(
            "what is a daemon?", "define kernel", "what does RTFM mean?", "hello", "what is a compiler?");

    private Samples() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        try (ServerModel model = ServerModel.loadShipped()) {
            for (String prompt : PROMPTS) {
                for (long seed = 1; seed <= seeds; seed++) {
                    StringBuilder reply = new StringBuilder();
                    try (Generation generation = model.generate(List.of(ChatMessage.user(prompt)), seed)) {
                        for (String piece = generation.next(); piece != null; piece = generation.next()) {
                            reply.append(piece);
                        }
                    }
                    System.out.printf("%s  [seed %d]%n    %s%n", prompt, seed, reply);
                }
            }
        }
    }
}
