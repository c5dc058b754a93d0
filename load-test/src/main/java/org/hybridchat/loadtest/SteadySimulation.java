package org.hybridchat.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * A steady load for -Dduration seconds (60): -Drate (10) new streams a second, or, with -Dusers,
 * that many streams open at all times, each user starting a new one as soon as the last ends.
 */
public class SteadySimulation extends Simulation {

    Duration duration = Load.seconds("duration", 60);

    {
        setUp(load())
                .protocols(Load.protocol())
                .assertions(Load.noFailures())
                .maxDuration(duration.plus(Load.STREAM_TIMEOUT.multipliedBy(2)));
    }

    private PopulationBuilder load() {
        if (System.getProperty("users") != null) {
            int users = Load.parameter("users", 1, Load.MAX_USERS);
            return Load.streams("steady, " + users + " users").injectClosed(constantConcurrentUsers(users).during(duration));
        }
        int rate = Load.parameter("rate", 10, 500);
        return Load.streams("steady, " + rate + " a second").injectOpen(constantUsersPerSec(rate).during(duration));
    }
}
