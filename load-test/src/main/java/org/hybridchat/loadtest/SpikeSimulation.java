package org.hybridchat.loadtest;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * A spike: a background of -Drate (2) streams a second; after 20 s, -Dusers (100) streams at the
 * same instant; then the background again for 40 s, to see how fast the server recovers.
 */
public class SpikeSimulation extends Simulation {

    int rate = Load.parameter("rate", 2, 500);
    int users = Load.parameter("users", 100, Load.MAX_USERS);

    {
        setUp(Load.streams("spike").injectOpen(
                        constantUsersPerSec(rate).during(Duration.ofSeconds(20)),
                        atOnceUsers(users),
                        constantUsersPerSec(rate).during(Duration.ofSeconds(40))))
                .protocols(Load.protocol())
                .assertions(Load.noFailures())
                .maxDuration(Duration.ofSeconds(60).plus(Load.STREAM_TIMEOUT.multipliedBy(2)));
    }
}
