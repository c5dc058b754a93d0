package org.hybridchat.server.model;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.hybridchat.server.model.Generation.Event;
import org.hybridchat.server.model.Generation.Finished;
import org.hybridchat.server.model.Generation.Queued;
import org.hybridchat.server.model.Generation.Text;

/** A reply's events, collected as they stream in. */
final class Replies {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Replies() {
    }

    /** The whole text of a reply, and how it finished. */
    record Reply(String text, Finished finished) {
    }

    /** A reply being collected: {@code firstText} completes with its first piece, {@code reply} at its end. */
    record Collecting(CompletableFuture<Void> firstText, CompletableFuture<Reply> reply) {
        Reply get() {
            return reply.orTimeout(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }

    static Collecting collect(Generation generation) {
        CompletableFuture<Void> firstText = new CompletableFuture<>();
        CompletableFuture<Reply> reply = generation.events()
                .doOnNext(event -> {
                    if (event instanceof Text) {
                        firstText.complete(null);
                    }
                })
                .collectList().map(Replies::reply).toFuture();
        return new Collecting(firstText, reply);
    }

    static Reply of(Generation generation) {
        return collect(generation).get();
    }

    private static Reply reply(List<Event> events) {
        StringBuilder text = new StringBuilder();
        Finished finished = null;
        for (Event event : events) {
            switch (event) {
                case Text piece -> text.append(piece.text());
                case Finished end -> finished = end;
                case Queued place -> { }
            }
        }
        return new Reply(text.toString(), finished);
    }
}
