package org.hybridchat.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suite against the real server: its jar in a JVM of its own (the shipped model, an embedded
 * Redis) on a free loopback port, loaded by a short simulation on both endpoints.
 */
class SmokeTest {

    static Process server;
    static Path log;

    @BeforeAll
    static void startTheServer() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        log = Files.createTempFile("load-test-server", ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        server = new ProcessBuilder(java.toString(), "-Dai.djl.offline=true", "-jar", System.getProperty("server.jar"),
                "--server.address=127.0.0.1", "--server.port=" + port, "--hybridchat.redis.embedded.data-dir=")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI target = URI.create("http://127.0.0.1:" + port);
        awaitHealthy(target);
        // Load reads its parameters once, when the simulation first touches it.
        System.setProperty("target", target.toString());
    }

    @AfterAll
    static void stopTheServer() throws InterruptedException {
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void every_stream_on_both_endpoints_runs_from_its_first_event_to_its_last_and_the_report_is_written() throws IOException {
        Path results = Path.of(System.getProperty("gatling.results"));

        int status = SimulationRunner.run("smoke", results);

        assertEquals(0, status, "Gatling's assertions (no failed request, every message seen) failed; server log: " + log);
        try (Stream<Path> reports = Files.find(results, 2, (path, attributes) -> path.endsWith("index.html"))) {
            assertTrue(reports.findAny().isPresent(), "an HTML report under " + results);
        }
    }

    private static void awaitHealthy(URI target) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("The server exited: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> health = client.send(HttpRequest.newBuilder(target.resolve("/api/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The server did not answer within 120 s: see " + log);
    }
}
