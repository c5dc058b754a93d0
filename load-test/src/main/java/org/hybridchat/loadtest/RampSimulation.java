package org.hybridchat.loadtest;

import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * Finds the knee: concurrent streams grow from 1 to -Dusers (128) over -Dduration seconds (120),
 * each user streaming one reply after another. Past the knee, streams per second stop growing
 * while time to first token and full-stream time climb.
 */
public class RampSimulation extends Simulation {

    int users = Load.parameter("users", 128, Load.MAX_USERS);
    Duration duration = Load.seconds("duration", 120);

    {
        setUp(Load.streams("ramp").injectClosed(rampConcurrentUsers(1).to(users).during(duration)))
                .protocols(Load.protocol())
                .assertions(Load.noFailures())
                .maxDuration(duration.plus(Load.STREAM_TIMEOUT.multipliedBy(2)));
    }
}
