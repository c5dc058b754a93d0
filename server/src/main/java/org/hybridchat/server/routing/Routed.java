package org.hybridchat.server.routing;

import org.hybridchat.contract.StreamEvent.Engine;
import org.hybridchat.server.generation.Generation;

/** What a routed reply's stream carries: where it is written, and what is written there. */
public sealed interface Routed {

    /**
     * The reply is written from here on by {@code engine} ({@value Engine#LOCAL}: this server's decode
     * loop; else an upstream's name) with {@code model}. A reply's first event, sent when the engine
     * begins it; sent again, {@code moved}, when the local loop goes on with a reply an upstream began
     * and could not finish.
     */
    record Placed(String engine, String model, boolean moved) implements Routed {}

    /** An event of the reply, from whichever engine writes it: a place in the local line, text, the end. */
    record Generated(Generation.Event event) implements Routed {}
}
