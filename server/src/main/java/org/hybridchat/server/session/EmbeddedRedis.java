package org.hybridchat.server.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.RedisServerBuilder;

/**
 * A real redis-server (7.0, shipped inside org.signal:embedded-redis) for running the demo with
 * nothing installed. It listens on 127.0.0.1 only, on a port picked at start.
 *
 * <p>With a data directory, Redis keeps an append-only file there (fsync once a second, no RDB
 * snapshots): every finished chat turn is on disk within a second, so a restarted demo shows the same
 * conversations. Without one, everything stays in memory.
 */
final class EmbeddedRedis {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String HOST = "127.0.0.1";
    private static final String PID_FILE = "redis.pid";

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts Redis, persisting to {@code dataDir}, or only in memory if that is null. */
    static EmbeddedRedis start(Path dataDir) {
        int port = freePort();
        RedisServerBuilder builder = RedisServer.builder().bind(HOST).port(port).setting("save \"\"");
        if (dataDir == null) {
            builder.setting("appendonly no");
        } else {
            Path dir = dataDir.toAbsolutePath();
            refuseIfStillRunning(dir);
            // redis-server runs in a temporary folder of its own, so every path it gets is absolute
            builder.setting("dir " + quoted(dir))
                    .setting("appendonly yes")
                    .setting("pidfile " + quoted(dir.resolve(PID_FILE)));
        }
        RedisServer server = builder.build();
        server.start();
        log.info("Started an embedded Redis at {}:{}, {}", HOST, port,
                dataDir == null ? "in memory only" : "appending to " + dataDir.toAbsolutePath());
        return new EmbeddedRedis(server, port);
    }

    String host() {
        return HOST;
    }

    int port() {
        return port;
    }

    /** Redis answers the TERM signal by flushing the append-only file, then exits. */
    void stop() {
        server.stop();
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

    private static String quoted(Path path) {
        return '"' + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
