package org.hybridchat.loadtest;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one way the project starts a server of its own to measure or load: the server jar in a JVM of
 * its own, on a loopback address, its embedded Redis in memory, awaited until {@code /api/health}
 * answers. Closing it stops the server, and so does this JVM's exit, so that an interrupted
 * benchmark leaves no server behind. Used by the benchmarks in bench/ (on their classpath),
 * {@code SmokeTest}, and bin/load-test through {@link #main}.
 *
 * <p>It depends on nothing but the JDK, so that every user can put load-test/target/classes on its
 * classpath without Gatling.
 */
public final class LocalServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int START_SECONDS = 120;

    // SIGTERM, so the server stops its embedded Redis too; SIGKILL if it has not stopped in 30 s
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final OwnedProcess owned;
    private final Process process;
    private final String url;
    private final Path log;

    private LocalServer(Process process, String url, Path log) {
        this.owned = new OwnedProcess(process, GRACE, "the local server");
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** A tool of the JDK running this program: java, jcmd. */
    public static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /**
     * Starts the jar on a free port of 127.0.0.1 with these JVM options and Spring properties
     * ({@code name=value}), logging to a temp file; returns once it is healthy.
     */
    public static LocalServer start(Path jar, List<String> jvmOptions, String... properties) throws Exception {
        return start(jar, "127.0.0.1", 0, Files.createTempFile("local-server", ".log"), jvmOptions, List.of(properties));
    }

    /**
     * Starts the jar on this loopback host and port (0: a free one), logging to {@code log}, with these
     * JVM options and Spring properties ({@code name=value}); returns once {@code /api/health}
     * answers, or fails when the server exits or has not answered within two minutes.
     */
    public static LocalServer start(Path jar, String host, int port, Path log, List<String> jvmOptions,
                                    List<String> properties) throws Exception {
        String url = Loopback.check(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host))).toString();
        if (port == 0) {
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
        }
        url += ":" + port;
        List<String> command = new ArrayList<>(List.of(jdkTool("java"), "-Dai.djl.offline=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.address=" + host, "--server.port=" + port,
                // Redis in memory: no data/redis shared with (and refused by) another server of this checkout
                "--hybridchat.redis.embedded.data-dir="));
        for (String property : properties) {
            command.add("--" + property);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // glibc keeps freed native (libtorch) memory; trimming early keeps the server's RSS honest
        builder.environment().putIfAbsent("MALLOC_TRIM_THRESHOLD_", "1000000");
        LocalServer server = new LocalServer(builder.start(), url, log);
        try {
            server.awaitHealthy();
            return server;
        } catch (Exception failed) {
            server.close();
            throw failed;
        }
    }

    private void awaitHealthy() throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/api/health")).build();
        Instant deadline = Instant.now().plusSeconds(START_SECONDS);
        Exception lastRefusal = null;
        while (true) {
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                lastRefusal = notListeningYet; // starting: libtorch, Redis and Spring take a few seconds
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited (status " + process.exitValue() + "); see " + log,
                        lastRefusal);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the server did not answer within " + START_SECONDS + " s; see " + log,
                        lastRefusal);
            }
            Thread.sleep(250);
        }
    }

    /** The server's base URL, such as {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    /** The server's JVM, for tools that look at it from outside (jcmd, /proc). */
    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        owned.close();
    }

    /**
     * For shell scripts: starts the server, prints {@code PID URL} (the server's) on one line once it
     * is healthy, and keeps it up until this program is stopped (SIGTERM, SIGINT), which stops the
     * server, or until the server exits, whose status it then exits with. Exits 1 if it did not start.
     *
     * <pre>java -cp load-test/target/classes org.hybridchat.loadtest.LocalServer [--host H] [--port P] [--log FILE] JAR [--spring.property=value ...]</pre>
     */
    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 0;
        Path log = null;
        int i = 0;
        for (; i + 1 < args.length && List.of("--host", "--port", "--log").contains(args[i]); i += 2) {
            switch (args[i]) {
                case "--host" -> host = args[i + 1].replaceAll("[\\[\\]]", "");
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> log = Path.of(args[i + 1]);
            }
        }
        if (i >= args.length) {
            System.err.println("usage: LocalServer [--host H] [--port P] [--log FILE] JAR [--spring.property=value ...]");
            System.exit(1);
        }
        Path jar = Path.of(args[i]);
        List<String> properties = Arrays.stream(args, i + 1, args.length).map(arg -> arg.replaceFirst("^--", "")).toList();
        LocalServer server;
        try {
            server = start(jar, host, port, log != null ? log : Files.createTempFile("local-server", ".log"), List.of(),
                    properties);
        } catch (Exception notStarted) {
            System.err.println(notStarted.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(server.process().pid() + " " + server.url());
        System.out.flush();
        // the shutdown hook stops the server when this program is stopped
        System.exit(server.process().waitFor());
    }
}
