package org.hybridchat.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hybridchat.loadtest.OwnedProcess;

/**
 * Debian's redis-server, the one Redis the replicas share: on a free port of 127.0.0.1, in memory
 * (no RDB snapshots, no append-only file: a cluster started for a test or a demo keeps nothing), in a
 * folder of its own, logging to {@code redis.log} there. Closing it stops it, and so does this JVM's exit.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(10);

    private final OwnedProcess owned;
    private final Process process;
    private final int port;
    private final Path log;

    private RedisServer(Process process, int port, Path log) {
        this.owned = new OwnedProcess(process, Duration.ofSeconds(10), "redis-server");
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts it in {@code dir} (created if need be) and returns once it answers PING. */
    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = Processes.freePort();
        Path log = dir.resolve("redis.log");
        Process process = new ProcessBuilder(List.of(Processes.program("/usr/bin/redis-server", "redis-server"),
                "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--save", "", "--appendonly", "no", "--dir", dir.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RedisServer redis = new RedisServer(process, port, log);
        try {
            redis.awaitPong();
            return redis;
        } catch (IOException | RuntimeException | InterruptedException failed) {
            redis.close();
            throw failed;
        }
    }

    private void awaitPong() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START);
        while (true) {
            try {
                if ("PONG".equals(Resp.call(port, "PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited (status " + process.exitValue() + "); see " + log);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("redis-server did not answer within " + START.toSeconds() + " s; see " + log,
                            notYet);
                }
            }
            Thread.sleep(50);
        }
    }

    public int port() {
        return port;
    }

    /** Sends one command, as {@link Resp#call} does. */
    public Object call(String... command) throws IOException {
        return Resp.call(port, command);
    }

    @Override
    public void close() {
        owned.close();
    }
}
