import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.ServerLoad;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.loadtest.LocalServer;

/**
 * What a chat stream waiting in the server's line costs the server: starts the server jar on
 * 127.0.0.1 with one batch row and a line long enough, opens N {@code /api/chat} streams that all
 * wait (each with its ":ping" heartbeat), and reads the server's heap after a full GC
 * ({@code jcmd GC.run}) before, while they wait, and after they hang up. Prints the heap per waiting
 * connection and how quickly the line empties when the clients go.
 *
 * <p>{@code java -cp target/bench:shared-model/target/classes:load-test/target/classes WaitingBench JAR [N ...]},
 * compiled as bin/bench-waiting compiles it (with the rest of this folder)
 */
public class WaitingBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        List<Integer> counts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            counts.add(Integer.parseInt(args[i]));
        }
        if (counts.isEmpty()) {
            counts = List.of(1000, 2000, 4000);
        }
        for (int n : counts) {
            measure(jar, n);
        }
    }

    static void measure(Path jar, int n) throws Exception {
        try (LocalServer local = LocalServer.start(jar, List.of("-Xmx1g"), "hybridchat.generation.max-batch=1",
                "hybridchat.generation.max-waiting=" + (n + 100), "hybridchat.generation.max-queue-wait=10m",
                "logging.level.root=WARN")) {
            String url = local.url();
            Process server = local.process();
            chat(url).join(); // warm-up: a whole turn, so that the classes and buffers of a reply are loaded
            long before = heapAfterGc(server);

            List<CompletableFuture<Void>> clients = new ArrayList<>();
            List<Flow.Subscription> streams = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                clients.add(open(url, streams));
            }
            Instant deadline = Instant.now().plusSeconds(120);
            while (load(url).waiting() < n - 10 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            ServerLoad waiting = load(url);
            long during = heapAfterGc(server);
            long rss = rssKb(server);

            Instant hangUp = Instant.now();
            synchronized (streams) {
                streams.forEach(Flow.Subscription::cancel);
            }
            clients.forEach(client -> client.cancel(true));
            while (load(url).waiting() > 0 && Duration.between(hangUp, Instant.now()).toSeconds() < 60) {
                Thread.sleep(50);
            }
            Duration emptied = Duration.between(hangUp, Instant.now());
            long after = heapAfterGc(server);

            System.out.printf("%,6d streams opened, %,6d waiting: heap %,7d KB -> %,7d KB after GC = %5.1f KB per waiting "
                            + "stream; server RSS %,d MB; line emptied %.1f s after the clients hung up; heap then %,d KB%n",
                    n, waiting.waiting(), before / 1024, during / 1024, (during - before) / 1024.0 / waiting.waiting(),
                    rss / 1024, emptied.toMillis() / 1000.0, after / 1024);
        }
    }

    /** A chat stream that is read as it comes and kept open until its subscription is cancelled. */
    static CompletableFuture<Void> open(String url, List<Flow.Subscription> streams) {
        return HTTP.sendAsync(request(url), info -> HttpResponse.BodySubscribers.fromSubscriber(new Flow.Subscriber<>() {
            public void onSubscribe(Flow.Subscription subscription) {
                synchronized (streams) {
                    streams.add(subscription);
                }
                subscription.request(Long.MAX_VALUE);
            }

            public void onNext(List<java.nio.ByteBuffer> item) { }

            public void onError(Throwable throwable) { }

            public void onComplete() { }
        })).thenApply(response -> null);
    }

    static CompletableFuture<String> chat(String url) {
        return HTTP.sendAsync(request(url), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
    }

    static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url + "/api/chat")).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(WireFormat.encode(new ChatRequest(null, "what is a daemon?"))))
                .build();
    }

    static ServerLoad load(String url) throws IOException, InterruptedException {
        return WireFormat.decodeServerLoad(HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/load")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The heap in use after a full collection, in bytes, as the JVM itself reports it. */
    static long heapAfterGc(Process server) throws IOException, InterruptedException {
        jcmd(server, "GC.run");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd(server, "GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info printed no heap use");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    static String jcmd(Process server, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(LocalServer.jdkTool("jcmd"), Long.toString(server.pid()), command).redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        return out;
    }

    static long rssKb(Process server) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + server.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
