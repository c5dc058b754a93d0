package org.hybridchat.server.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server (7.0, shipped inside org.signal:embedded-redis) for running the demo with
 * nothing installed. It listens on 127.0.0.1 only, on a port picked at start.
 *
 * <p>Redis keeps an append-only file (fsync once a second, no RDB snapshots) in the data directory,
 * or, without one, in a temporary directory deleted at {@link #stop()}: every finished chat turn is
 * on disk within a second, so a restarted demo shows the same conversations (with a data directory).
 *
 * <p>Supervised: when the redis-server process dies (killed, crashed, out of memory) it is started
 * again on the same port with the same append-only file, and Lettuce reconnects by itself, so the
 * health check is UP again and nothing acknowledged is lost. Redis writes a command to the file
 * before it answers, so a dead process loses nothing it acknowledged (the fsync only matters when the
 * whole machine stops).
 */
final class EmbeddedRedis {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String HOST = "127.0.0.1";
    private static final String PID_FILE = "redis.pid";
    /** Between attempts to restart a dead Redis, doubling up to {@link #MAX_BACKOFF}. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Path dir;
    private final boolean temporary;
    private final int port;
    private final AtomicInteger restarts = new AtomicInteger();
    private RedisServer server;
    private long pid;
    private boolean stopping;

    private EmbeddedRedis(Path dir, boolean temporary, int port) {
        this.dir = dir;
        this.temporary = temporary;
        this.port = port;
    }

    /** Starts Redis, persisting to {@code dataDir}, or to a temporary directory if that is null. */
    static EmbeddedRedis start(Path dataDir) {
        Path dir;
        try {
            dir = dataDir == null ? Files.createTempDirectory("hybridchat-redis") : dataDir.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for the embedded Redis", e);
        }
        refuseIfStillRunning(dir);
        EmbeddedRedis redis = new EmbeddedRedis(dir, dataDir == null, freePort());
        synchronized (redis) {
            redis.launch();
        }
        log.info("Started an embedded Redis at {}:{}, appending to {}", HOST, redis.port,
                dataDir == null ? "a temporary directory" : dir);
        return redis;
    }

    String host() {
        return HOST;
    }

    int port() {
        return port;
    }

    /** The running redis-server's process id: a new one after each restart. */
    synchronized long pid() {
        return pid;
    }

    /** How many times the process died and was started again. */
    int restarts() {
        return restarts.get();
    }

    /** Redis answers the TERM signal by flushing the append-only file, then exits; it is not restarted. */
    void stop() {
        synchronized (this) {
            stopping = true;
            server.stop();
        }
        if (temporary) {
            deleteQuietly(dir);
        }
    }

    // redis-server runs in a temporary folder of its own, so every path it gets is absolute
    private void launch() {
        RedisServer next = RedisServer.builder().bind(HOST).port(port)
                .setting("save \"\"")
                .setting("dir " + quoted(dir))
                .setting("appendonly yes")
                .setting("pidfile " + quoted(dir.resolve(PID_FILE)))
                .build();
        next.start(); // returns once Redis has loaded its file and accepts connections
        server = next;
        pid = readPid();
        long watched = pid;
        ProcessHandle.of(watched).ifPresentOrElse(
                process -> process.onExit().thenRunAsync(() -> died(watched), Thread.ofVirtual()::start),
                () -> died(watched));
    }

    private void died(long deadPid) {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            synchronized (this) {
                // The library's own exit hook kills the process as the JVM shuts down: that death is
                // no crash, and a Redis started now would outlive the JVM.
                if (stopping || pid != deadPid || jvmShuttingDown()) {
                    return;
                }
                if (backoff == FIRST_BACKOFF) {
                    log.warn("The embedded Redis (pid {}) died; starting it again on port {} from its append-only file",
                            deadPid, port);
                    server.stop(); // reaps the process and ends the library's log threads
                }
                try {
                    launch();
                    restarts.incrementAndGet();
                    log.info("The embedded Redis is back at {}:{} (pid {})", HOST, port, pid);
                    return;
                } catch (RuntimeException e) {
                    log.error("The embedded Redis did not start again; trying again in {} ms", backoff.toMillis(), e);
                }
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Whether the JVM is running its shutdown hooks: the only way Java offers to ask is to try to add one. */
    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }

    private long readPid() {
        try {
            return Long.parseLong(Files.readString(dir.resolve(PID_FILE)).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("the embedded Redis wrote no pid file in " + dir, e);
        }
    }

    // Redis has no "any port" setting (port 0 turns TCP off), so borrow a free one from the OS.
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded Redis", e);
        }
    }

    // A JVM killed with -9 leaves its redis-server running; two of them appending to one file would
    // corrupt it, so say so instead of starting a second.
    private static void refuseIfStillRunning(Path dir) {
        try {
            Files.createDirectories(dir);
            Path pidFile = dir.resolve(PID_FILE);
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                if (ProcessHandle.of(pid).flatMap(p -> p.info().command())
                        .filter(command -> command.contains("redis-server")).isPresent()) {
                    throw new IllegalStateException("An embedded Redis from an earlier run (pid " + pid
                            + ") still uses " + dir + ": stop it (kill " + pid + ") and start again.");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dir + " for Redis data", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete the embedded Redis's temporary directory {}", dir, e);
        }
    }

    private static String quoted(Path path) {
        return '"' + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
