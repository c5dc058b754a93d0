package org.hybridchat.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hybridchat.loadtest.OwnedProcess;

/**
 * Debian's nginx as the replicas' reverse proxy, on a port of 127.0.0.1, in a folder of its own. The
 * proxying itself is {@code deploy/nginx/hybridchat.conf.template}, the file docker-compose.yml gives its
 * nginx, filled in here for loopback; around it goes an nginx.conf that keeps every path nginx writes
 * (its pid, logs and temp files) in that folder, since Debian's build points them at /var and /run.
 * Closing it stops it, and so does this JVM's exit.
 */
public final class Nginx implements AutoCloseable {

    private static final String TEMPLATE = "hybridchat.conf.template";
    private static final Duration START = Duration.ofSeconds(10);

    private final OwnedProcess owned;
    private final Process process;
    private final int port;
    private final Path errorLog;

    private Nginx(Process process, int port, Path errorLog) {
        this.owned = new OwnedProcess(process, Duration.ofSeconds(5), "nginx");
        this.process = process;
        this.port = port;
        this.errorLog = errorLog;
    }

    /**
     * Starts nginx in {@code dir} (created if need be) on {@code port} of 127.0.0.1 (0: a free one),
     * in front of these replicas ({@code host:port} each); returns once it accepts connections.
     */
    public static Nginx start(Path dir, int port, List<String> replicas) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int listen = port == 0 ? Processes.freePort() : port;
        Path conf = dir.resolve("nginx.conf").toAbsolutePath();
        Files.writeString(dir.resolve("hybridchat.conf"), proxying(listen, replicas));
        Files.writeString(conf, mainConfig(dir.toAbsolutePath()));
        Path errorLog = dir.resolve("error.log").toAbsolutePath();
        // -e: the error log before the configuration is read, too, which Debian's build puts in /var/log;
        // daemon off: nginx stays this process, so it is stopped with it.
        Process process = new ProcessBuilder(List.of(Processes.program("/usr/sbin/nginx", "nginx"),
                "-p", dir.toAbsolutePath() + "/", "-c", conf.toString(), "-e", errorLog.toString(), "-g", "daemon off;"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Nginx nginx = new Nginx(process, listen, errorLog);
        try {
            nginx.awaitListening();
            return nginx;
        } catch (IOException | RuntimeException | InterruptedException failed) {
            nginx.close();
            throw failed;
        }
    }

    /** The shared template with this cluster's listen address and replicas filled in. */
    static String proxying(int port, List<String> replicas) {
        if (replicas.size() != 2) {
            throw new IllegalArgumentException("the template names two replicas: " + replicas);
        }
        String template;
        try (InputStream in = Nginx.class.getResourceAsStream(TEMPLATE)) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> value : Map.of("PROXY_LISTEN", "127.0.0.1:" + port,
                "REPLICA_1", replicas.get(0), "REPLICA_2", replicas.get(1)).entrySet()) {
            template = template.replace("${" + value.getKey() + "}", value.getValue());
        }
        return template;
    }

    private static String mainConfig(Path dir) {
        // nginx started by root runs its workers as "nobody", who may not enter this folder; as root,
        // they run as root. (The directive is ignored with a warning when nginx is not root.)
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return user + """
                # Written by org.hybridchat.cluster.Nginx for one loopback cluster; the proxying is in hybridchat.conf.
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log notice;
                events {
                    # each stream holds two: the client's and the replica's
                    worker_connections 4096;
                }
                http {
                    log_format upstream '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                                        'upstream=$upstream_addr upstream_status=$upstream_status time=$request_time';
                    access_log %1$s/access.log upstream;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/hybridchat.conf;
                }
                """.formatted(dir);
    }

    private void awaitListening() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("nginx exited (status " + process.exitValue() + "); see " + errorLog);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("nginx did not listen within " + START.toSeconds() + " s; see " + errorLog);
                }
            }
            Thread.sleep(50);
        }
    }

    /** The proxy's URL, such as {@code http://127.0.0.1:8080}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    // SIGTERM is nginx's fast shutdown: it closes the streams it proxies at once, as a proxy that goes away would.
    @Override
    public void close() {
        owned.close();
    }
}
