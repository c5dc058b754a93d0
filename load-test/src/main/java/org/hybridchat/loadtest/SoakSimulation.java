package org.hybridchat.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * A bounded soak: -Drate (5) streams a second for -Dduration seconds (180), below the knee, to see
 * that latency and the server's memory stay flat over minutes. Capped at an hour.
 */
public class SoakSimulation extends Simulation {

    int rate = Load.parameter("rate", 5, 500);
    Duration duration = Load.seconds("duration", 180);

    {
        setUp(Load.streams("soak").injectOpen(constantUsersPerSec(rate).during(duration)))
                .protocols(Load.protocol())
                .assertions(Load.noFailures())
                .maxDuration(duration.plus(Load.STREAM_TIMEOUT.multipliedBy(2)));
    }
}
