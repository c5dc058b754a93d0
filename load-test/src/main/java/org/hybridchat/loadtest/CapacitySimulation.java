package org.hybridchat.loadtest;

import static io.gatling.javaapi.core.CoreDsl.rampUsers;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * Connection capacity: -Dusers (10,000) streams opened over -Dduration seconds (30), each held
 * until its reply has streamed: most wait in the admission queue, on heartbeats, for minutes. Run
 * it against a server whose waiting line holds them all (bin/load-test capacity does), with a
 * -DstreamTimeout long enough for the last one to be served.
 */
public class CapacitySimulation extends Simulation {

    int users = Load.parameter("users", 10_000, Load.MAX_USERS);
    Duration duration = Load.seconds("duration", 30);

    {
        setUp(Load.streams("capacity").injectOpen(rampUsers(users).during(duration)))
                .protocols(Load.protocol())
                .assertions(Load.noFailures())
                .maxDuration(duration.plus(Load.STREAM_TIMEOUT.multipliedBy(2)));
    }
}
