import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server jar, started by a benchmark on a free port of 127.0.0.1 with its embedded Redis in
 * memory; closing it stops it. Its log stays in the temp folder, to read when a run goes wrong.
 * Shared by the benchmarks in this folder, which the bin/bench* scripts compile together.
 */
record LocalServer(Process process, String url, String model) implements AutoCloseable {
    private static final Pattern MODEL_ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A tool of the JDK running this benchmark: java, jcmd. */
    static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /**
     * Starts the jar with these JVM options and Spring properties ({@code name=value}), and returns
     * once it answers {@code GET /v1/models}, within two minutes.
     */
    static LocalServer start(Path jar, List<String> jvmOptions, String... properties) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path log = Files.createTempFile("bench-server", ".log");
        List<String> command = new ArrayList<>(List.of(jdkTool("java"), "-Dai.djl.offline=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.address=127.0.0.1", "--server.port=" + port,
                "--hybridchat.redis.embedded.data-dir="));
        for (String property : properties) {
            command.add("--" + property);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // glibc keeps freed native (libtorch) memory; trimming early keeps the server's RSS honest
        builder.environment().putIfAbsent("MALLOC_TRIM_THRESHOLD_", "1000000");
        Process process = builder.start();
        String url = "http://127.0.0.1:" + port;
        Instant deadline = Instant.now().plusSeconds(120);
        IOException lastRefusal = null;
        while (true) {
            try {
                String models = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/models")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher model = MODEL_ID.matcher(models);
                if (model.find()) {
                    return new LocalServer(process, url, model.group(1));
                }
            } catch (IOException notListeningYet) {
                lastRefusal = notListeningYet; // starting: libtorch, Redis and Spring take a few seconds
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroy();
                throw new IllegalStateException("the server did not start; see " + log, lastRefusal);
            }
            Thread.sleep(250);
        }
    }

    /** SIGTERM, so the server stops its embedded Redis too; SIGKILL if it has not stopped in 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
