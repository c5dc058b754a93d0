package org.hybridchat.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs one simulation by its short name and writes Gatling's HTML report under -Dresults
 * (load-test/target/gatling). Exits 0 when every stream ran end to end, 2 when an assertion failed.
 *
 * <pre>java -cp ... org.hybridchat.loadtest.SimulationRunner ramp|steady|spike|soak|capacity</pre>
 */
public final class SimulationRunner {

    private SimulationRunner() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: SimulationRunner ramp|steady|spike|soak|capacity   (parameters as -Dname=value)");
            System.exit(1);
        }
        try {
            Loopback.check(URI.create(System.getProperty("target", "http://127.0.0.1:8080")));
        } catch (IllegalArgumentException refused) {
            System.err.println(refused.getMessage());
            System.exit(1);
        }
        System.exit(run(args[0], Path.of(System.getProperty("results", "load-test/target/gatling"))));
    }

    /** Gatling's exit status: 0 when the run's assertions hold. */
    public static int run(String simulation, Path results) {
        String name = simulation.substring(0, 1).toUpperCase(Locale.ROOT) + simulation.substring(1).toLowerCase(Locale.ROOT);
        String className = SimulationRunner.class.getPackageName() + "." + name + "Simulation";
        // Gatling's HTTP request timeout would otherwise cut every stream at 60 s, queueing included.
        System.setProperty("gatling.http.requestTimeout", Long.toString(Load.STREAM_TIMEOUT.toMillis() + 10_000));
        // A stream's group then shows its duration, connect to close, not the sum of its messages' times.
        System.setProperty("gatling.charting.useGroupDurationMetric", "true");
        return io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
                "--simulation", className, "--results-folder", results.toAbsolutePath().toString()});
    }
}
