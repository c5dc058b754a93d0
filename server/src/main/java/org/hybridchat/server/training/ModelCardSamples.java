package org.hybridchat.server.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.generation.Generation;
import org.hybridchat.server.generation.SamplingSettings;
import org.hybridchat.server.network.ServerModel;
import reactor.core.publisher.Mono;

/**
 * Prints the shipped model's replies to the model card's fixed prompts, a few seeds each, so that
 * the samples in the card can be checked and redone: {@code bin/sample-server-model}.
 */
public final class ModelCardSamples {
    /** The card's prompts, one a line; the benchmarks send the same ones (bench/TimedStream). */
    static final List<String> PROMPTS = prompts();

    private ModelCardSamples() {
    }

    private static List<String> prompts() {
        try (InputStream in = ModelCardSamples.class.getResourceAsStream("/model/sample-prompts.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /model/sample-prompts.txt", e);
        }
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        try (ServerModel model = ServerModel.loadShipped();
             DecodeLoop loop = new DecodeLoop(model, PROMPTS.size() * seeds, 0, Duration.ofMinutes(1), true,
                     new SimpleMeterRegistry())) {
            // all at once, batched and batch-invariant: a seed gives the same reply as it would alone
            List<Mono<String>> replies = new ArrayList<>();
            for (String prompt : PROMPTS) {
                for (long seed = 1; seed <= seeds; seed++) {
                    replies.add(loop.submit(List.of(ChatMessage.user(prompt)), SamplingSettings.chat(seed)).events()
                            .ofType(Generation.Text.class).map(Generation.Text::text).reduce("", String::concat));
                }
            }
            for (int i = 0; i < replies.size(); i++) {
                System.out.printf("%s  [seed %d]%n    %s%n", PROMPTS.get(i / seeds), i % seeds + 1, replies.get(i).block());
            }
        }
    }
}
