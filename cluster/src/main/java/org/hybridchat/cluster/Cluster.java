package org.hybridchat.cluster;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * docker-compose.yml's topology on loopback, from Debian's packages and the server jar: one Redis
 * ({@link RedisServer}), two server replicas that share it ({@link Replica}, each told where Redis is,
 * so it starts no embedded one) and nginx in front ({@link Nginx}, the same proxying as the compose
 * file's). Everything listens on 127.0.0.1 only and lives in one work folder (logs, nginx's files);
 * closing the cluster stops all of it, and so does this JVM's exit. bin/cluster runs {@link #main};
 * the cluster tests, bin/bench-failover and bin/bench-redis start one each.
 */
public final class Cluster implements AutoCloseable {

    /**
     * What every replica is given, besides where Redis is. A heartbeat of 1 s instead of 5 s: a run
     * whose replica died is taken over once its owner's lease (a few heartbeats) has expired, so this
     * makes failover take seconds rather than a quarter of a minute. It costs an SSE ping a second on
     * every quiet stream and a lease renewal a second per run in Redis.
     */
    public static final List<String> REPLICA_PROPERTIES = List.of("hybridchat.chat.heartbeat=1s");

    /**
     * Two replicas share this machine's cores: one libtorch thread each (on two busy cores one thread
     * decoded small batches faster than two; see the toolchain notes).
     */
    static final List<String> REPLICA_JVM_OPTIONS = List.of("-Dai.djl.pytorch.num_threads=1",
            "-Dai.djl.pytorch.num_interop_threads=1");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Over the proxy's fail_timeout, with room for a slow machine. */
    private static final Duration IN_ROTATION_WITHIN = Duration.ofSeconds(30);

    private final RedisServer redis;
    private final List<Replica> replicas;
    private final Nginx proxy;

    private Cluster(RedisServer redis, List<Replica> replicas, Nginx proxy) {
        this.redis = redis;
        this.replicas = replicas;
        this.proxy = proxy;
    }

    /**
     * Starts Redis, then both replicas at once, then the proxy on {@code proxyPort} (0: a free one),
     * with its files in {@code work}; returns once every part answers. {@code properties} are Spring
     * properties ({@code name=value}) for both replicas, in place of {@link #REPLICA_PROPERTIES}'s of the
     * same name.
     */
    public static Cluster start(Path jar, Path work, int proxyPort, List<String> properties) throws Exception {
        if (proxyPort != 0) {
            requireFree(proxyPort); // before the replicas' 20 s, not after
        }
        RedisServer redis = RedisServer.start(work.resolve("redis"));
        List<Replica> replicas = new ArrayList<>();
        try {
            List<String> replicaProperties = new ArrayList<>(List.of("spring.data.redis.host=127.0.0.1",
                    "spring.data.redis.port=" + redis.port()));
            replicaProperties.addAll(overridden(REPLICA_PROPERTIES, properties));
            for (int i = 1; i <= 2; i++) {
                replicas.add(new Replica("replica-" + i, jar, Processes.freePort(), work.resolve("replica-" + i + ".log"),
                        REPLICA_JVM_OPTIONS, replicaProperties));
            }
            startAll(replicas);
            Nginx proxy = Nginx.start(work.resolve("nginx"), proxyPort, replicas.stream().map(Replica::address).toList());
            return new Cluster(redis, List.copyOf(replicas), proxy);
        } catch (Exception failed) {
            replicas.forEach(Replica::close);
            redis.close();
            throw failed;
        }
    }

    private static void requireFree(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.getLocalPort();
        } catch (BindException taken) {
            throw new IOException("port " + port + " of 127.0.0.1 is taken: pick another (PORT=... for bin/cluster; 0 for any)");
        }
    }

    /**
     * The defaults that {@code properties} do not set, then {@code properties}: Spring would read a
     * property given twice as a list of both values, which a Duration cannot be.
     */
    public static List<String> overridden(List<String> defaults, List<String> properties) {
        List<String> merged = new ArrayList<>(defaults.stream()
                .filter(value -> properties.stream().noneMatch(given -> name(given).equals(name(value)))).toList());
        merged.addAll(properties);
        return merged;
    }

    private static String name(String property) {
        return property.substring(0, property.indexOf('=') < 0 ? property.length() : property.indexOf('='));
    }

    /** Starts those not running, side by side: each takes 10 to 20 s, mostly loading libtorch and the model. */
    private static void startAll(List<Replica> replicas) throws Exception {
        if (replicas.isEmpty()) {
            return;
        }
        ExecutorService starting = Executors.newFixedThreadPool(replicas.size());
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Replica replica : replicas) {
                started.add(starting.submit(() -> {
                    replica.start();
                    return null;
                }));
            }
            for (Future<?> each : started) {
                each.get();
            }
        } finally {
            starting.shutdown();
        }
    }

    /** The proxy's URL, such as {@code http://127.0.0.1:8080}: where clients go. */
    public String url() {
        return proxy.url();
    }

    public List<Replica> replicas() {
        return replicas;
    }

    public RedisServer redis() {
        return redis;
    }

    /**
     * The replica that answered a response whose {@code X-Upstream} header (from the proxy) is this: the
     * last address it names, as nginx lists the ones it could not reach first.
     */
    public Replica answered(String upstreamHeader) {
        String[] tried = upstreamHeader.split(",\\s*");
        String last = tried[tried.length - 1].strip();
        return replicas.stream().filter(replica -> replica.address().equals(last)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no replica at " + upstreamHeader));
    }

    /** The other replica. */
    public Replica other(Replica replica) {
        return replicas.stream().filter(each -> each != replica).findFirst().orElseThrow();
    }

    /**
     * Starts again the replicas that were killed (or died), side by side; returns once all are healthy
     * and the proxy sends requests to them again.
     */
    public void restartStopped() throws Exception {
        List<Replica> stopped = replicas.stream().filter(replica -> !replica.isAlive()).toList();
        startAll(stopped);
        for (Replica replica : stopped) {
            awaitInRotation(replica);
        }
    }

    /**
     * Waits until the proxy routes a request to this replica. nginx leaves a replica it could not
     * reach out of rotation for its fail_timeout (10 s, in deploy/nginx), even once it is healthy again:
     * a test that kills the other one before then finds no live replica (502). With both idle, least_conn
     * takes turns, so a replica in rotation answers one of any two requests.
     */
    private void awaitInRotation(Replica replica) throws IOException, InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/api/health")).build();
        long deadline = System.nanoTime() + IN_ROTATION_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<Void> response = HTTP.send(health, HttpResponse.BodyHandlers.discarding());
            if (response.headers().firstValue("X-Upstream").orElse("").equals(replica.address())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(replica.name() + " is healthy but the proxy sent it nothing for "
                + IN_ROTATION_WITHIN.toSeconds() + " s");
    }

    /** The proxy first, so that no request reaches a replica on its way down; Redis last. */
    @Override
    public void close() {
        try {
            proxy.close();
        } finally {
            try {
                replicas.parallelStream().forEach(Replica::close);
            } finally {
                redis.close();
            }
        }
    }

    /**
     * bin/cluster: starts a cluster, prints its parts and, last, the proxy's URL, and keeps it up
     * until this program is stopped (Ctrl-C, SIGTERM), which stops everything it started.
     *
     * <pre>java -cp cluster/target/classes:load-test/target/classes org.hybridchat.cluster.Cluster [--port P] [--work DIR] JAR [--spring.property=value ...]</pre>
     */
    public static void main(String[] args) throws Exception {
        int port = 8080;
        Path work = null;
        int i = 0;
        for (; i + 1 < args.length && List.of("--port", "--work").contains(args[i]); i += 2) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            } else {
                work = Path.of(args[i + 1]);
            }
        }
        if (i >= args.length) {
            System.err.println("usage: Cluster [--port P] [--work DIR] JAR [--spring.property=value ...]");
            System.exit(1);
        }
        Path jar = Path.of(args[i]);
        List<String> properties = Arrays.stream(args, i + 1, args.length).map(arg -> arg.replaceFirst("^--", "")).toList();
        if (work == null) {
            work = Files.createTempDirectory("hybridchat-cluster");
        }
        System.out.println("Starting Redis, two replicas and nginx; logs in " + work);
        Cluster cluster;
        try {
            cluster = start(jar, work, port, properties);
        } catch (Exception failed) {
            Throwable cause = failed instanceof ExecutionException ? failed.getCause() : failed;
            System.err.println("The cluster did not start: " + cause.getMessage());
            System.exit(1);
            return;
        }
        System.out.printf("redis      127.0.0.1:%d (in memory)%n", cluster.redis().port());
        for (Replica replica : cluster.replicas()) {
            System.out.printf("%-10s %s  pid %d  log %s%n", replica.name(), replica.url(), replica.pid(), replica.log());
        }
        System.out.printf("nginx      %s  logs %s%n", cluster.url(), work.resolve("nginx"));
        System.out.println("Ctrl-C stops everything. The chat, through the proxy:");
        System.out.println(cluster.url() + "/");
        System.out.flush();
        // the shutdown hooks of Redis, the replicas and nginx stop them when this program is stopped
        Thread.currentThread().join();
    }
}
