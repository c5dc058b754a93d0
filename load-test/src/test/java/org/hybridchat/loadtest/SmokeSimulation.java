package org.hybridchat.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/** A few streams a second on both endpoints for ten seconds: every one must run from its first event to its last. */
public class SmokeSimulation extends Simulation {

    static final int STREAMS_PER_ENDPOINT = 10;
    /** connect, three awaited messages and close: five requests a stream. */
    static final long REQUESTS = 2 * STREAMS_PER_ENDPOINT * 5;

    {
        Duration duration = Duration.ofSeconds(10);
        double rate = STREAMS_PER_ENDPOINT / (double) duration.toSeconds();
        setUp(scenario("smoke (chat)").exec(Load.chatStream()).injectOpen(constantUsersPerSec(rate).during(duration)),
                scenario("smoke (openai)").exec(Load.openAiStream()).injectOpen(constantUsersPerSec(rate).during(duration)))
                .protocols(Load.protocol())
                .assertions(Load.noFailures(), global().allRequests().count().is(REQUESTS))
                .maxDuration(duration.plus(Load.STREAM_TIMEOUT.multipliedBy(2)));
    }
}
