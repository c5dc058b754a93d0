package org.hybridchat.server.generation;

import org.hybridchat.server.network.BpeTokenizer;
import org.hybridchat.server.network.ServerModel;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One reply being written by the {@link DecodeLoop}: what was asked for, how far the reply has got,
 * and the stream of its {@link Event}s. The loop's thread alone advances it; any thread may
 * {@link #cancel()} it, and the loop lets go of it before its next step.
 */
public final class Generation {

    /** What a reply stream carries: its places in the waiting line if it waits, pieces of text, then one {@link Finished}. */
    public sealed interface Event {}

    /** The reply waits for a batch row, at this place in the line: 1 is next. Never after the first {@link Text}. */
    public record Queued(int position) implements Event {}

    /** A piece of the reply: whole characters, never empty. */
    public record Text(String text) implements Event {}

    /** The reply is complete; the stream ends after this. */
    public record Finished(FinishReason reason, int promptTokens, int completionTokens) implements Event {}

    public enum FinishReason {
        /** The model ended its turn, or a stop text appeared. */
        STOP,
        /** The reply reached its maximum number of tokens, or the end of the context. */
        LENGTH
    }

    private final int[] prompt;
    private final TokenSampler sampler;
    private final int maxTokens;
    private final boolean ignoreEndOfTurn;
    private final int contextLength;
    private final BpeTokenizer.StreamDecoder decoder;
    private final StopText stopText;
    private final long submittedNanos;
    /** Non-null when the model may answer with a tool call instead: the grammar its calls keep to. */
    private final ToolCallGrammar calls;
    /** The call being written, once the model has begun one. */
    private ToolCallGrammar.Call call;
    // the subscriber may come after the first tokens: they wait in the buffer
    private final Sinks.Many<Event> events = Sinks.many().unicast().onBackpressureBuffer();
    private volatile boolean cancelled;
    /** The place in the waiting line last told, 0 for none. */
    private int position;

    /** Positions of the sequence in the cache: the prompt, then each token read back. */
    private int length;
    /** The last token sampled: shown already, and read at position {@code length} by the next step. */
    private int next;
    private int generated;
    private long lastTokenNanos;
    private FinishReason finishReason;
    private Throwable failure;

    Generation(int[] prompt, SamplingSettings sampling, int contextLength, BpeTokenizer.StreamDecoder decoder,
               long submittedNanos, ToolCallGrammar calls) {
        this.prompt = prompt;
        this.sampler = new TokenSampler(sampling.temperature(), ServerModel.TOP_K, sampling.topP(), sampling.seed());
        this.maxTokens = sampling.maxTokens();
        this.ignoreEndOfTurn = sampling.ignoreEndOfTurn();
        this.contextLength = contextLength;
        this.decoder = decoder;
        this.stopText = new StopText(sampling.stop());
        this.submittedNanos = submittedNanos;
        this.lastTokenNanos = submittedNanos;
        this.calls = calls;
    }

    /**
     * The reply's events, for one subscriber; cancelling the subscription cancels the reply. The
     * subscriber hears them on a thread of Reactor's parallel scheduler, never on the decode loop's:
     * turning a token into an SSE chunk and writing it would otherwise be the loop's work, between
     * two steps of every reply in the batch.
     */
    public Flux<Event> events() {
        return events.asFlux().publishOn(Schedulers.parallel()).doOnCancel(this::cancel);
    }

    /** Stops the reply: the loop frees its batch row before its next step. Harmless once it has ended. */
    public void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }

    int[] prompt() {
        return prompt;
    }

    long submittedNanos() {
        return submittedNanos;
    }

    int length() {
        return length;
    }

    int nextToken() {
        return next;
    }

    /** When the last token was sampled, or the request submitted if none has been yet. */
    long lastTokenNanos() {
        return lastTokenNanos;
    }

    /**
     * Samples the next token from one row of a batch's logits: {@code vocabulary} values from
     * {@code offset}. A reply's only marker is the end of its turn (unless told to ignore it); a call
     * keeps to its grammar; the first token of a generation that may call a tool may be anything,
     * and only {@code BEGIN_CALL} goes on.
     */
    int sample(float[] logits, int offset, int vocabulary) {
        if (call != null) {
            call.mask(logits, offset);
        } else if (calls == null) {
            for (int marker = BpeTokenizer.BEGIN_USER; marker < BpeTokenizer.FIRST_MERGE; marker++) {
                if (marker != BpeTokenizer.END_OF_TURN || ignoreEndOfTurn) {
                    logits[offset + marker] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return sampler.sample(logits, offset, vocabulary);
    }

    /**
     * Takes the token sampled to follow the first {@code length} positions, shows it, and returns
     * whether the reply goes on; when it does not, {@link #finish()} ends its stream.
     */
    boolean advance(int length, int token, long now) {
        this.length = length;
        this.lastTokenNanos = now;
        if (calls != null && call == null) {
            // a generation that may call a tool shows only a call: it ends unless one begins
            if (token != BpeTokenizer.BEGIN_CALL) {
                return stop(FinishReason.STOP);
            }
            call = calls.start();
        } else if (BpeTokenizer.isSpecial(token)) {
            return stop(FinishReason.STOP);
        } else {
            if (call != null) {
                call.accept(token);
            }
            emit(stopText.accept(decoder.accept(token)));
            if (stopText.stopped()) {
                return stop(FinishReason.STOP);
            }
        }
        generated++;
        next = token;
        // a token sampled at the last position of the context can be shown but not read back
        if (generated >= maxTokens || length == contextLength) {
            return stop(FinishReason.LENGTH);
        }
        return true;
    }

    /** Ends the reply with this failure instead of {@link Finished}, when the loop lets go of it. */
    void failWith(Throwable failure) {
        this.failure = failure;
    }

    /** Shows what was held back, then {@link Finished}, and ends the stream; or fails it, if it failed. */
    void finish() {
        if (failure != null) {
            fail(failure);
            return;
        }
        emit(stopText.accept(decoder.flush()) + stopText.flush());
        events.tryEmitNext(new Finished(finishReason, prompt.length, generated));
        events.tryEmitComplete();
    }

    /** Tells the subscriber the reply's place in the waiting line, unless it knows it already. */
    void queued(int position) {
        if (position != this.position) {
            this.position = position;
            events.tryEmitNext(new Queued(position));
        }
    }

    void fail(Throwable failure) {
        events.tryEmitError(failure);
    }

    private boolean stop(FinishReason reason) {
        finishReason = reason;
        return false;
    }

    private void emit(String text) {
        if (!text.isEmpty()) {
            events.tryEmitNext(new Text(text));
        }
    }
}
