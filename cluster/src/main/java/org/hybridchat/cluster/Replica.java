package org.hybridchat.cluster;

import java.nio.file.Path;
import java.util.List;
import org.hybridchat.loadtest.LocalServer;

/**
 * One server replica: the server jar in a JVM of its own ({@link LocalServer}), always on the same port
 * of 127.0.0.1, so that the proxy finds it again after it is killed and started anew.
 */
public final class Replica implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final int port;
    private final Path log;
    private final List<String> jvmOptions;
    private final List<String> properties;
    private LocalServer server;

    Replica(String name, Path jar, int port, Path log, List<String> jvmOptions, List<String> properties) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.properties = List.copyOf(properties);
    }

    /** Starts it, unless it runs; returns once it is healthy. A restart appends to the same log. */
    public synchronized void start() throws Exception {
        if (isAlive()) {
            return;
        }
        server = LocalServer.start(jar, "127.0.0.1", port, log, jvmOptions, properties);
    }

    /**
     * Kills it as a crash would (SIGKILL: no shutdown, no last words to its clients or to Redis) and
     * returns once it has gone.
     */
    public synchronized void kill() throws InterruptedException {
        if (server != null) {
            server.process().destroyForcibly().waitFor();
            server.close(); // only forgets it: nothing is left to stop
            server = null;
        }
    }

    public synchronized boolean isAlive() {
        return server != null && server.process().isAlive();
    }

    public String name() {
        return name;
    }

    /** Its own URL, such as {@code http://127.0.0.1:41234}, for a request that must go to this replica. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code 127.0.0.1:port}: how the proxy names it, in its upstream block and in X-Upstream. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public synchronized long pid() {
        return server == null ? -1 : server.process().pid();
    }

    public Path log() {
        return log;
    }

    /** Stops it gracefully (SIGTERM: its streams may finish for a while), as LocalServer does. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public String toString() {
        return name + " (" + address() + ")";
    }
}
