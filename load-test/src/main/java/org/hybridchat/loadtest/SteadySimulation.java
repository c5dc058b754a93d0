package org.hybridchat.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/** A steady load: -Drate (10) new streams a second for -Dduration seconds (60). */
public class SteadySimulation extends Simulation {

    int rate = Load.parameter("rate", 10, 500);
    Duration duration = Load.seconds("duration", 60);

    {
        setUp(Load.streams("steady").injectOpen(constantUsersPerSec(rate).during(duration)))
                .protocols(Load.protocol())
                .assertions(Load.noFailures())
                .maxDuration(duration.plus(Load.STREAM_TIMEOUT.multipliedBy(2)));
    }
}
