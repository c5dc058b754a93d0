package org.hybridchat.server.generation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.hybridchat.server.generation.Generation.Event;
import org.hybridchat.server.generation.Generation.Finished;
import org.hybridchat.server.generation.Generation.Queued;
import org.hybridchat.server.generation.Generation.Text;

/** A reply's events, collected as they stream in. */
final class Replies {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Replies() {
    }

    /** The whole text of a reply, and how it finished. */
    record Written(String text, Finished finished) {
    }

    /** A reply being collected: {@code firstText} completes with its first piece, {@code reply} at its end. */
    record Collecting(CompletableFuture<Void> firstText, CompletableFuture<Written> reply) {
        Written get() {
            return reply.orTimeout(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }

    static Collecting collect(Generation generation) {
        CompletableFuture<Void> firstText = new CompletableFuture<>();
        CompletableFuture<Written> reply = generation.events()
                .doOnNext(event -> {
                    if (event instanceof Text) {
                        firstText.complete(null);
                    }
                })
                .collectList().map(Replies::reply).toFuture();
        return new Collecting(firstText, reply);
    }

    static Written of(Generation generation) {
        return collect(generation).get();
    }

    private static Written reply(List<Event> events) {
        StringBuilder text = new StringBuilder();
        Finished finished = null;
        for (Event event : events) {
            switch (event) {
                case Text piece -> text.append(piece.text());
                case Finished end -> finished = end;
                case Queued place -> { }
            }
        }
        return new Written(text.toString(), finished);
    }
}
