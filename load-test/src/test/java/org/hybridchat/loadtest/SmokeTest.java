package org.hybridchat.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suite against the real server: its jar in a JVM of its own (the shipped model, an embedded
 * Redis) on a free loopback port, loaded by a short simulation on both endpoints.
 */
class SmokeTest {

    static LocalServer server;

    @BeforeAll
    static void startTheServer() throws Exception {
        server = LocalServer.start(Path.of(System.getProperty("server.jar")), List.of());
        // Load reads its parameters once, when the simulation first touches it.
        System.setProperty("target", server.url());
    }

    @AfterAll
    static void stopTheServer() {
        server.close();
    }

    @Test
    void every_stream_on_both_endpoints_runs_from_its_first_event_to_its_last_and_the_report_is_written() throws IOException {
        Path results = Path.of(System.getProperty("gatling.results"));

        int status = SimulationRunner.run("smoke", results);

        assertEquals(0, status, "Gatling's assertions (no failed request, every message seen) failed; server log: "
                + server.log());
        try (Stream<Path> reports = Files.find(results, 2, (path, attributes) -> path.endsWith("index.html"))) {
            assertTrue(reports.findAny().isPresent(), "an HTML report under " + results);
        }
    }
}
